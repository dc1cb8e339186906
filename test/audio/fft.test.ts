import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRealFft } from '../../src/audio/fft.ts'

function naiveMagnitudes(x: Float32Array): number[] {
  const n = x.length
  const out: number[] = []
  for (let k = 0; k <= n / 2; k++) {
    let r = 0
    let i = 0
    for (let t = 0; t < n; t++) {
      r += x[t] * Math.cos((2 * Math.PI * k * t) / n)
      i -= x[t] * Math.sin((2 * Math.PI * k * t) / n)
    }
    out.push(Math.hypot(r, i))
  }
  return out
}

test('matches a naive DFT on random input to 1e-4 relative', () => {
  for (const n of [8, 64, 512]) {
    const x = new Float32Array(n)
    let s = 7
    for (let i = 0; i < n; i++) x[i] = ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1
    const out = new Float32Array(n / 2 + 1)
    createRealFft(n).magnitudes(x, out)
    const ref = naiveMagnitudes(x)
    const scale = Math.max(...ref)
    for (let k = 0; k <= n / 2; k++)
      assert.ok(Math.abs(out[k] - ref[k]) <= 1e-4 * scale, `n=${n} bin ${k}: ${out[k]} vs ${ref[k]}`)
  }
})

test('puts a pure tone at bin 10 of 256 with amplitude n/2', () => {
  const n = 256
  const x = new Float32Array(n)
  for (let i = 0; i < n; i++) x[i] = Math.cos((2 * Math.PI * 10 * i) / n)
  const out = new Float32Array(n / 2 + 1)
  createRealFft(n).magnitudes(x, out)
  assert.ok(Math.abs(out[10] - 128) < 1e-3, `got ${out[10]}`)
  assert.ok(out[9] < 1e-3 && out[11] < 1e-3)
})

test('rejects a size that is not a power of two', () => {
  assert.throws(() => createRealFft(1000), RangeError)
})
