import { test } from 'node:test'
import assert from 'node:assert/strict'
import { resample } from '../../src/audio/resample.ts'

const sine = (hz: number, sr: number, sec: number) =>
  new Float32Array(Math.round(sr * sec)).map((_, i) => Math.sin((2 * Math.PI * hz * i) / sr))
const rms = (x: Float32Array, from = 100, to = x.length - 100) =>
  Math.sqrt(x.slice(from, to).reduce((s, v) => s + v * v, 0) / (to - from))

test('keeps a 1 kHz tone within 0.1 dB when going 44.1 kHz -> 22.05 kHz, sample-accurate in phase', () => {
  const y = resample(sine(1000, 44100, 1), 44100, 22050)
  assert.equal(y.length, 22050)
  assert.ok(Math.abs(20 * Math.log10(rms(y) / Math.SQRT1_2)) < 0.1, `rms ${rms(y)}`)
  const ref = sine(1000, 22050, 1)
  for (let i = 1000; i < 1010; i++) assert.ok(Math.abs(y[i] - ref[i]) < 0.01, `sample ${i}: ${y[i]} vs ${ref[i]}`)
})

test('removes a 15 kHz tone (above the new Nyquist) by at least 40 dB when going 48 kHz -> 22.05 kHz', () => {
  const y = resample(sine(15000, 48000, 1), 48000, 22050)
  assert.ok(20 * Math.log10(rms(y) / Math.SQRT1_2) < -40, `rms ${rms(y)}`)
})

test('returns the input unchanged at the same rate', () => {
  const x = sine(440, 22050, 0.1)
  assert.equal(resample(x, 22050, 22050), x)
})
