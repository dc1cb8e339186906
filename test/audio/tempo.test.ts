import { test } from 'node:test'
import assert from 'node:assert/strict'
import { tempoSet, renderDrumLoop } from '../helpers/synth.ts'
import { computeOnsetEnvelope } from '../../src/audio/onset.ts'
import { estimateTempo, tempoPrior } from '../../src/audio/tempo.ts'

const SR = 22050
const tempoOf = (samples: Float32Array) => estimateTempo(computeOnsetEnvelope(samples, SR))
const within = (got: number, truth: number) => Math.abs(got - truth) <= 0.04 * truth

test('reaches Accuracy1 >= 90% and Accuracy2 >= 98% on 42 generated grooves (60-200 BPM, 6 styles)', () => {
  const set = tempoSet(42, 12, SR, 42)
  let acc1 = 0
  let acc2 = 0
  const misses: string[] = []
  for (const item of set) {
    const { bpm } = tempoOf(item.samples)
    if (within(bpm, item.bpm)) acc1++
    else misses.push(`${item.name} -> ${bpm}`)
    if ([1, 2, 0.5, 3, 1 / 3].some((m) => within(bpm, item.bpm * m))) acc2++
  }
  assert.ok(acc1 / set.length >= 0.9, `Acc1 ${acc1}/${set.length}; misses: ${misses.join(', ')}`)
  assert.ok(acc2 / set.length >= 0.98, `Acc2 ${acc2}/${set.length}; misses: ${misses.join(', ')}`)
})

test('finds 128 BPM in a four-on-the-floor loop with beats 0.469 s apart', () => {
  const t = tempoOf(renderDrumLoop({ bpm: 128, seconds: 15, style: 'four-on-floor', bass: true }))
  assert.ok(within(t.bpm, 128), `got ${t.bpm}`)
  assert.ok(t.confidence > 0.3 && t.confidence <= 1, `confidence ${t.confidence}`)
  const gaps = t.beats.slice(1).map((b, i) => b - t.beats[i])
  const median = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)]
  assert.ok(Math.abs(median - 60 / 128) < 0.02, `median beat gap ${median}`)
  assert.ok(t.beats.length >= 28, `${t.beats.length} beats in 15 s`)
})

test('gives a tempo curve with a point every ~4 s that stays on the same metrical level', () => {
  const t = tempoOf(renderDrumLoop({ bpm: 96, seconds: 30, style: 'rock', bass: true }))
  assert.ok(t.curve.length >= 5, `${t.curve.length} points`)
  for (const p of t.curve) assert.ok(within(p.bpm, 96), `curve point ${p.t}s: ${p.bpm}`)
  assert.ok(t.curve[1].t - t.curve[0].t > 3 && t.curve[1].t - t.curve[0].t < 5)
})

test('lists the chosen tempo first among candidates and keeps all within 30-300 BPM', () => {
  const t = tempoOf(renderDrumLoop({ bpm: 174, seconds: 12, style: 'rock' }))
  assert.equal(t.candidates[0].bpm, t.bpm)
  for (const c of t.candidates) assert.ok(c.bpm >= 30 && c.bpm <= 300, `candidate ${c.bpm}`)
})

test('returns zero confidence and finite numbers for silence', () => {
  const t = tempoOf(new Float32Array(SR * 5))
  assert.equal(t.confidence, 0)
  assert.ok(Number.isFinite(t.bpm) && t.bpm >= 30 && t.bpm <= 300)
})

test('weights tempi with a log-Gaussian prior centred on 120 BPM', () => {
  assert.equal(tempoPrior(120), 1)
  assert.ok(Math.abs(tempoPrior(60) - tempoPrior(240)) < 1e-12)
  assert.ok(Math.abs(tempoPrior(60) - Math.exp(-0.5)) < 1e-12)
})
