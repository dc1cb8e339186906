import { test } from 'node:test'
import assert from 'node:assert/strict'
import { c, keySet, MAJOR, NATURAL_MINOR, renderPiece, TEMPLATES, type KeyPiece } from '../helpers/harmony.ts'
import { computeChroma } from '../../src/audio/chroma.ts'
import { estimateKey } from '../../src/audio/key.ts'
import type { KeyResult } from '../../src/audio/types.ts'

const SR = 22050
const PCS = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']

/** MIREX key score: 1 exact, 0.5 a fifth away (same mode), 0.3 relative, 0.2 parallel, else 0. */
function mirex(truth: { tonic: string; mode: string }, got: KeyResult): number {
  const d = (PCS.indexOf(got.tonic) - PCS.indexOf(truth.tonic) + 12) % 12
  if (got.mode === truth.mode) return d === 0 ? 1 : d === 5 || d === 7 ? 0.5 : 0
  if (truth.mode === 'major' && d === 9) return 0.3
  if (truth.mode === 'minor' && d === 3) return 0.3
  return d === 0 ? 0.2 : 0
}

// 7 templates x 4 keys, rendered once for every test below (about 3 s).
const set = keySet(4, SR).map((p) => ({ ...p, key: estimateKey(computeChroma(p.samples, SR)) }))
const named = (p: KeyPiece & { key: KeyResult }): string => `${p.name} -> ${p.key.tonic} ${p.key.mode}`
const misses = (items: typeof set): string[] =>
  items.filter((p) => p.key.tonic !== p.tonic || p.key.mode !== p.mode).map(named)
const ofTemplate = (prefix: string): typeof set => set.filter((p) => p.name.startsWith(prefix))

test('names the exact key of >= 26 of 28 written pieces, MIREX weighted >= 0.95', () => {
  const wrong = misses(set)
  const weighted = set.reduce((a, p) => a + mirex(p, p.key), 0) / set.length
  assert.ok(wrong.length <= 2, `${wrong.length} wrong: ${wrong.join('; ')}`)
  assert.ok(weighted >= 0.95, `weighted ${weighted.toFixed(3)}`)
})

test('names plain I-IV-V-I pieces in four keys exactly', () => {
  assert.deepEqual(misses(ofTemplate('I-IV-V-I')), [])
})

test('names V-heavy pieces that end on I by their tonic, not their dominant', () => {
  const items = ofTemplate('V-heavy')
  assert.equal(items.length, 4)
  assert.deepEqual(misses(items), [])
})

test('keeps minor pieces with a major V chord (raised leading tone) minor, on their tonic', () => {
  const items = [...ofTemplate('i-iv-V-i'), ...ofTemplate('ii°-V-i')]
  assert.equal(items.length, 8)
  assert.deepEqual(misses(items), [])
})

test('names F minor and F# minor (i-iv-V-i, ii°-V-i) minor, not F or F# major', () => {
  const wrong: string[] = []
  for (const tpl of TEMPLATES.filter((t) => t.name === 'i-iv-V-i harmonic minor' || t.name === 'ii°-V-i')) {
    for (const tonic of ['F', 'F#'] as const) {
      const k = estimateKey(computeChroma(renderPiece({ ...tpl, tonic, timbre: 'piano', seed: 3 }, SR), SR))
      if (k.tonic !== tonic || k.mode !== 'minor') wrong.push(`${tpl.name} in ${tonic} minor -> ${k.tonic} ${k.mode}`)
    }
  }
  assert.deepEqual(wrong, [])
})

test('names a minor piece with a passage in its relative major by the minor key', () => {
  assert.deepEqual(misses(ofTemplate('minor with relative-major')), [])
})

test('names dorian (minor tonic, major IV) and mixolydian (major tonic, flat VII) pieces on their tonic', () => {
  const items = [...ofTemplate('dorian'), ...ofTemplate('mixolydian')]
  const wrongTonic = items.filter((p) => p.key.tonic !== p.tonic).map(named)
  assert.ok(wrongTonic.length <= 1, `wrong tonic: ${wrongTonic.join('; ')}`)
  const wrongMode = items.filter((p) => p.key.tonic === p.tonic && p.key.mode !== p.mode).map(named)
  assert.deepEqual(wrongMode, [])
})

test('reports +30 cents of tuning for the detuned pieces and about 0 for the others', () => {
  for (const p of set) {
    const expected = p.name.includes('+30c') ? 30 : 0
    const got = p.key.tuningCents ?? NaN
    assert.ok(Math.abs(got - expected) <= 4, `${p.name}: tuning ${got} cents`)
  }
})

test('gives the right key a positive confidence and lists three runner-up keys', () => {
  for (const p of set.filter((x) => x.key.tonic === x.tonic && x.key.mode === x.mode)) {
    assert.ok(p.key.confidence > 0, `${named(p)}: confidence ${p.key.confidence}`)
    assert.equal(p.key.alternatives?.length, 3)
    const scores = p.key.alternatives!.map((a) => a.score)
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    )
  }
})

test('lets the bass decide between relative keys: Am/C chords over an A pedal are A minor, over a C pedal C major', () => {
  const wrong: string[] = []
  for (const [tonicIdx, seed] of [
    [0, 1],
    [7, 2],
    [2, 3],
  ]) {
    const major = PCS[tonicIdx] as KeyPiece['tonic']
    const minor = PCS[(tonicIdx + 9) % 12] as KeyPiece['tonic']
    // Same treble both ways (the vi and I chords alternating, ending on the chord that is NOT the key's tonic).
    const pieces = [
      { tonic: minor, mode: 'minor' as const, scale: NATURAL_MINOR, chords: [c(0, 'min'), c(3, 'maj')], pedal: 0 },
      { tonic: major, mode: 'major' as const, scale: MAJOR, chords: [c(0, 'maj'), c(9, 'min')], pedal: 0 },
    ]
    for (const p of pieces) {
      const x = renderPiece({ ...p, name: 'pedal', repeats: 4, timbre: 'strings', seed }, SR)
      const k = estimateKey(computeChroma(x, SR))
      if (k.tonic !== p.tonic || k.mode !== p.mode) wrong.push(`${p.tonic} ${p.mode} pedal -> ${k.tonic} ${k.mode}`)
    }
  }
  assert.deepEqual(wrong, [])
})

test('ignores the last chord of a clip cut mid-song (on its vi chord): still the written major key', () => {
  const wrong: string[] = []
  for (const [tonic, timbre] of [
    ['D', 'piano'],
    ['A#', 'organ'],
    ['E', 'strings'],
  ] as const) {
    // I-IV-V-I repeated, cut 1.5 s into the third vi chord: the file ends on the relative minor's tonic chord.
    const tpl = { ...TEMPLATES[0], tonic, timbre, seed: 5, bpm: 120, repeats: 3 }
    const full = renderPiece(tpl, SR)
    const beat = 60 / 120
    const cut = Math.round((0.05 + (2 * 32 + 16) * beat + 1.5) * SR)
    const k = estimateKey(computeChroma(full.subarray(0, cut), SR))
    if (k.tonic !== tonic || k.mode !== 'major') wrong.push(`${tonic} major cut on vi -> ${k.tonic} ${k.mode}`)
  }
  assert.deepEqual(wrong, [])
})

test('names a natural-minor loop (i-VI-III-VII) cut on its III chord by its minor tonic, not the relative major', () => {
  const wrong: string[] = []
  for (const [tonic, timbre] of [
    ['A', 'piano'],
    ['E', 'strings'],
    ['C', 'guitar'],
  ] as const) {
    const chords = [c(0, 'min'), c(8, 'maj'), c(3, 'maj'), c(10, 'maj')]
    const loop = {
      name: 'loop',
      tonic,
      mode: 'minor' as const,
      scale: NATURAL_MINOR,
      chords,
      timbre,
      bpm: 110,
      seed: 9,
    }
    const full = renderPiece({ ...loop, repeats: 4 }, SR)
    const cut = Math.round((0.05 + (3 * 16 + 8) * (60 / 110) + 1.5) * SR) // 1.5 s into the 4th III chord
    const k = estimateKey(computeChroma(full.subarray(0, cut), SR))
    if (k.tonic !== tonic || k.mode !== 'minor') wrong.push(`${tonic} minor loop cut on III -> ${k.tonic} ${k.mode}`)
  }
  assert.deepEqual(wrong, [])
})

test('names a major loop cut from mid-song (opening on vi, dwelling on I) by its major tonic, not the relative minor', () => {
  // vi-I-IV-I with the I chords held twice as long, cut 4 beats into the last I: the first chord and the shared notes
  // point at the relative minor; only the time spent on the tonic triad says major.
  const chords = [c(9, 'min'), c(0, 'maj', 8), c(5, 'maj'), c(0, 'maj', 8)]
  const wrong: string[] = []
  for (const [tonic, timbre, seed] of [
    ['C', 'piano', 1],
    ['G', 'strings', 2],
    ['D#', 'organ', 3],
    ['A', 'guitar', 4],
    ['F', 'piano', 5],
    ['B', 'strings', 6],
  ] as const) {
    const loop = { name: 'loop', tonic, mode: 'major' as const, scale: MAJOR, chords, timbre, bpm: 110, seed }
    const full = renderPiece({ ...loop, repeats: 2 }, SR)
    const cut = Math.round((0.05 + (2 * 24 - 4) * (60 / 110)) * SR)
    const k = estimateKey(computeChroma(full.subarray(0, cut), SR))
    if (k.tonic !== tonic || k.mode !== 'major') wrong.push(`${tonic} major vi-I-IV-I loop -> ${k.tonic} ${k.mode}`)
  }
  assert.deepEqual(wrong, [])
})
