import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderProgression, PITCH_CLASSES } from '../helpers/synth.ts'
import { computeChroma } from '../../src/audio/chroma.ts'
import { estimateKey, camelotCode } from '../../src/audio/key.ts'

const SR = 22050
const timbres = ['piano', 'pad', 'organ'] as const

test('names key and mode for >= 90% of 24 progressions (12 tonics x major/minor, 3 timbres, some with drums)', () => {
  let ok = 0
  const misses: string[] = []
  for (const mode of ['major', 'minor'] as const) {
    for (let i = 0; i < 12; i++) {
      const tonic = PITCH_CLASSES[i]
      const x = renderProgression({
        tonic,
        mode,
        progression: i % 3,
        seconds: 10,
        timbre: timbres[(i + (mode === 'minor' ? 1 : 0)) % 3],
        drums: i % 2 === 1,
        seed: i,
      })
      const k = estimateKey(computeChroma(x, SR))
      if (k.tonic === tonic && k.mode === mode) ok++
      else misses.push(`${tonic} ${mode} -> ${k.tonic} ${k.mode}`)
    }
  }
  assert.ok(ok / 24 >= 0.9, `${ok}/24; misses: ${misses.join(', ')}`)
})

test('gives a clear A minor (i-iv-V-i) a confidence above 0.3 and the chroma peak on A or E', () => {
  const k = estimateKey(computeChroma(renderProgression({ tonic: 'A', mode: 'minor', seconds: 10 }), SR))
  assert.equal(`${k.tonic} ${k.mode}`, 'A minor')
  assert.ok(k.confidence > 0.3, `confidence ${k.confidence}`)
  assert.equal(k.chroma.length, 12)
  assert.equal(Math.max(...k.chroma), 1)
})

test('maps keys to the Camelot wheel (C major 8B, A minor 8A, G major 9B, F minor 4A, B major 1B)', () => {
  assert.equal(camelotCode(0, 'major'), '8B')
  assert.equal(camelotCode(9, 'minor'), '8A')
  assert.equal(camelotCode(7, 'major'), '9B')
  assert.equal(camelotCode(5, 'minor'), '4A')
  assert.equal(camelotCode(11, 'major'), '1B')
})

test('returns confidence 0 and an all-zero chroma for silence', () => {
  const k = estimateKey(computeChroma(new Float32Array(SR * 4), SR))
  assert.equal(k.confidence, 0)
  assert.deepEqual(k.chroma, new Array(12).fill(0))
})
