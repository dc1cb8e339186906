import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderDrumLoop, renderProgression } from '../helpers/synth.ts'
import {
  computeBlockEnergy,
  summariseEnergy,
  computeSpectral,
  waveformPeaks,
  brightnessOf,
} from '../../src/audio/features.ts'
import { findSections } from '../../src/audio/sections.ts'

const SR = 22050
const scaled = (x: Float32Array, g: number) => x.map((v) => v * g)

test('orders energy of quiet and loud versions of the same music, 20 dB apart in loudness', () => {
  const base = renderDrumLoop({ bpm: 120, seconds: 8, bass: true, pads: true })
  const quiet = summariseEnergy(computeBlockEnergy(scaled(base, 0.1), SR))
  const loud = summariseEnergy(computeBlockEnergy(base, SR))
  assert.ok(loud.level > quiet.level, `level ${loud.level} vs ${quiet.level}`)
  assert.ok(loud.rmsMean > quiet.rmsMean)
  assert.ok(Math.abs(loud.loudnessDb - quiet.loudnessDb - 20) < 0.5, `${loud.loudnessDb} vs ${quiet.loudnessDb}`)
  assert.ok(Math.abs(loud.dynamicRangeDb - quiet.dynamicRangeDb) < 0.5, 'dynamic range does not depend on gain')
})

test('measures a full-scale sine at -3 dBFS loudness and 0 dB dynamic range', () => {
  const x = new Float32Array(SR * 4).map((_, i) => Math.sin((2 * Math.PI * 440 * i) / SR))
  const e = summariseEnergy(computeBlockEnergy(x, SR))
  assert.ok(Math.abs(e.loudnessDb + 3.01) < 0.05, `${e.loudnessDb}`)
  assert.ok(e.dynamicRangeDb < 0.1)
  assert.ok(Math.abs(e.rmsMean - Math.SQRT1_2) < 0.01)
})

test('reports a 1 kHz sine centroid near 1 kHz in Hz (not a bin index) and brighter noise than bass', () => {
  const sine = computeSpectral(
    new Float32Array(SR * 3).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / SR)),
    SR,
  )
  assert.ok(Math.abs(sine.centroidHz - 1000) < 60, `centroid ${sine.centroidHz}`)
  assert.equal(sine.mfcc.length, 13)
  let s = 1
  const noise = computeSpectral(
    new Float32Array(SR * 3).map(() => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5),
    SR,
  )
  const bass = computeSpectral(
    renderProgression({ tonic: 'C', mode: 'major', seconds: 3, timbre: 'pad' }).map((v) => v * 0.5),
    SR,
  )
  assert.ok(noise.brightness > bass.brightness, `${noise.brightness} vs ${bass.brightness}`)
  assert.ok(noise.flatness > sine.flatness)
  assert.ok(brightnessOf(250) === 0 && brightnessOf(4000) === 1)
})

test('finds a quiet intro, a loud middle and a quiet outro as three sections with cuts near 20 s and 40 s', () => {
  const loop = renderDrumLoop({ bpm: 120, seconds: 60, bass: true })
  const x = loop.map((v, i) => (i < 20 * SR || i >= 40 * SR ? v * 0.08 : v))
  const e = computeBlockEnergy(x, SR)
  const sections = findSections(e, 60)
  assert.deepEqual(
    sections.map((s) => s.label),
    ['intro', 'high', 'outro'],
  )
  assert.ok(Math.abs(sections[1].start - 20) <= 1.5 && Math.abs(sections[1].end - 40) <= 1.5, JSON.stringify(sections))
  assert.ok(sections[1].energy > sections[0].energy + 0.2)
  assert.equal(waveformPeaks(e).length, 200)
})
