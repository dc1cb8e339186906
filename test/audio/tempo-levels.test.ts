// Metrical-level regressions: short generated grooves of each failure kind seen on real music (half-time read at
// half speed, backbeat and one-drop doubled, dotted figures read at 2:3, ballad halved, hip-hop doubled). The
// grooves come from the corpus generator (scripts/corpus/grooves.ts), not from src/.

import test from 'node:test'
import assert from 'node:assert/strict'
import { renderGroove, type GrooveKind } from '../../scripts/corpus/grooves.ts'
import { computeOnsetEnvelope } from '../../src/audio/onset.ts'
import { estimateTempo } from '../../src/audio/tempo.ts'

const SR = 22050

function tempoOf(kind: GrooveKind, bpm: number, seed = 0) {
  const g = renderGroove({ kind, bpm, seed, seconds: 14, sampleRate: SR })
  return { ref: g.bpm, tempo: estimateTempo(computeOnsetEnvelope(g.samples, SR)) }
}

const within = (got: number, ref: number): boolean => Math.abs(got - ref) <= 0.04 * ref

const cases: [GrooveKind, number, string][] = [
  ['rock', 100, 'backbeat with eighth hats: read at 200 when the level choice fails'],
  ['one-drop', 80, 'kick and rim on 3, offbeat skanks: read at 160 when the level choice fails'],
  ['comp-dotted4', 126, 'dotted-quarter figures: read at 84 (2:3) when the level choice fails'],
  ['ballad', 68, 'slow backbeat: read at 136 when the prior is too narrow'],
  ['hip-hop', 92, 'swung boom-bap: read at 184 or 46 when the level choice fails'],
]

// Half-time grooves are the hardest case: kick and snare repeat at half the tempo, only the hats keep it. The
// test below holds the level model to reading most of them at their tempo; both levels must stay in the data.

for (const [kind, bpm, why] of cases) {
  test(`reads a ${kind} groove at ${bpm} BPM (${why})`, () => {
    const { ref, tempo } = tempoOf(kind, bpm)
    assert.ok(within(tempo.bpm, ref), `${kind}: got ${tempo.bpm}, want ${ref.toFixed(1)} +-4%`)
  })
}

test('reads most half-time grooves (130-148 BPM, 20 s) at their tempo, never at a 3:2 level', () => {
  let right = 0
  const got: string[] = []
  for (const bpm of [130, 140, 148])
    for (const seed of [0, 1, 2]) {
      const g = renderGroove({ kind: 'half-time', bpm, seed, seconds: 20, sampleRate: SR })
      const t = estimateTempo(computeOnsetEnvelope(g.samples, SR))
      got.push(`${bpm}/${seed}: ${t.bpm}`)
      if (within(t.bpm, g.bpm)) right++
      else assert.ok(within(t.bpm, g.bpm / 2), `${bpm}/${seed}: ${t.bpm} is neither the tempo nor its half`)
    }
  // 6 of 9 today; with the sign of the alternation weight flipped it is 0 of 9.
  assert.ok(right >= 5, `${right} of 9 at the tempo: ${got.join(', ')}`)
})

test('a half-time groove offers both levels: the tempo and its half are the estimate and an alternative', () => {
  const { ref, tempo } = tempoOf('half-time', 140, 1)
  const levels = [tempo.bpm, ...tempo.alternatives]
  assert.ok(
    levels.some((a) => within(a, ref)),
    `${ref.toFixed(0)} missing from ${levels}`,
  )
  assert.ok(
    levels.some((a) => within(a, ref / 2)),
    `${(ref / 2).toFixed(0)} missing from ${levels}`,
  )
  // unsure between the two levels: the poster prints "≈"
  assert.ok(tempo.confidence < 0.9, `confidence ${tempo.confidence}`)
  for (const a of tempo.alternatives) assert.ok(Math.abs(a - tempo.bpm) / tempo.bpm > 0.04, `${a} repeats the tempo`)
})

test('gives a clear groove more confidence than drumless dotted figures (mean of three seeds each)', () => {
  const mean = (kind: GrooveKind, bpm: number): number =>
    [0, 1, 2].reduce((a, seed) => a + tempoOf(kind, bpm, seed).tempo.confidence, 0) / 3
  const rock = mean('rock', 100)
  for (const [kind, bpm] of [
    ['comp-dotted8', 80],
    ['comp-dotted4', 126],
  ] as const) {
    const comp = mean(kind, bpm)
    assert.ok(rock > comp, `rock ${rock.toFixed(3)} vs ${kind} ${comp.toFixed(3)}`)
  }
  assert.ok(rock > 0 && rock <= 1)
})

test('a 3+2 vamp in 5/4 is read at its beat or an octave of it, never at the 2:5 level (60 for 150)', () => {
  for (const seed of [0, 1, 2]) {
    const { ref, tempo } = tempoOf('five-four', 150, seed)
    const ok = [1, 2, 0.5].some((m) => within(tempo.bpm, ref * m))
    assert.ok(ok, `seed ${seed}: got ${tempo.bpm}, want ${ref} or an octave of it`)
  }
})
