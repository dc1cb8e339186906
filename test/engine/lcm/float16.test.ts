// binary16 conversion against IEEE 754 values worked out by hand (bit patterns from the format:
// 1 sign, 5 exponent bits biased by 15, 10 mantissa bits) and against an exhaustive round trip.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fromFloat16Array, fromFloat16Bits, toFloat16Array, toFloat16Bits } from '../../../src/engine/lcm/float16.ts'

const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`

test('encodes zeros, ones, the format limits and infinities to their IEEE bit patterns', () => {
  const cases: [number, number][] = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // max finite
    [-65504, 0xfbff],
    [65519.99, 0x7bff], // below the midpoint to 65536: stays finite
    [65520, 0x7c00], // the midpoint ties to the even pattern, which is Inf
    [1e6, 0x7c00],
    [70000, 0x7c00], // exponent one past the largest: Inf, not a NaN pattern
    [-1e6, 0xfc00],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -14, 0x0400], // smallest normal
    [-(2 ** -14), 0x8400],
    [1023 * 2 ** -24, 0x03ff], // largest subnormal
    [2 ** -24, 0x0001], // smallest subnormal
    [-(2 ** -24), 0x8001],
    [2 ** -26, 0x0000], // underflow
    [-(2 ** -26), 0x8000], // underflow keeps the sign
    [1e-45, 0x0000], // a float32 subnormal
    [1e-10, 0x0000], // far below the subnormals (a shift past 31 bits must not wrap around)
    [-(2 ** -40), 0x8000],
    [0.1, 0x2e66],
  ]
  for (const [x, bits] of cases) assert.equal(hex(toFloat16Bits(x)), hex(bits), `toFloat16Bits(${x})`)
})

test('rounds ties to even in the normal and the subnormal range', () => {
  const cases: [number, number][] = [
    [1 + 2 ** -11, 0x3c00], // halfway 1 .. 1+2^-10: the even one is 1
    [1 + 3 * 2 ** -11, 0x3c02], // halfway 0x3c01 .. 0x3c02: even is 0x3c02
    [1 + 2 ** -11 + 2 ** -20, 0x3c01], // just above halfway rounds up
    [1 + 2 ** -11 - 2 ** -20, 0x3c00], // just below rounds down
    [2049, 0x6800], // halfway 2048 .. 2050
    [2051, 0x6802], // halfway 2050 .. 2052
    [2 ** -25, 0x0000], // halfway 0 .. 2^-24: even is zero
    [1.5 * 2 ** -25, 0x0001],
    [3 * 2 ** -25, 0x0002], // halfway subnormals 1 .. 2
    [5 * 2 ** -25, 0x0002], // halfway subnormals 2 .. 3
    [2 ** -14 - 2 ** -25, 0x0400], // halfway 0x03ff .. 0x0400: carries into the exponent
    [2047.5 * 2 ** 5, 0x7c00], // = 65520 spelled differently
    [2 - 2 ** -11, 0x4000], // halfway 0x3bff .. 0x4000 carries into the exponent
  ]
  for (const [x, bits] of cases) assert.equal(hex(toFloat16Bits(x)), hex(bits), `toFloat16Bits(${x})`)
})

test('NaN stays NaN both ways', () => {
  const bits = toFloat16Bits(NaN)
  assert.equal(bits & 0x7c00, 0x7c00)
  assert.notEqual(bits & 0x03ff, 0, `${hex(bits)} must have a mantissa`)
  assert.ok(Number.isNaN(fromFloat16Bits(0x7e00)))
  assert.ok(Number.isNaN(fromFloat16Bits(0xfc01)))
})

test('decodes bit patterns to their exact values', () => {
  const cases: [number, number][] = [
    [0x0000, 0],
    [0x3c00, 1],
    [0xc000, -2],
    [0x7bff, 65504],
    [0x0400, 6.103515625e-5],
    [0x03ff, 6.097555160522461e-5],
    [0x0001, 5.960464477539063e-8],
    [0x8001, -5.960464477539063e-8],
    [0x3555, 0.333251953125],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ]
  for (const [bits, x] of cases) assert.equal(fromFloat16Bits(bits), x, `fromFloat16Bits(${hex(bits)})`)
  assert.ok(Object.is(fromFloat16Bits(0x8000), -0), 'negative zero keeps its sign')
})

test('every non-NaN pattern round-trips, and encoding picks the nearest value (ties to even)', () => {
  for (let h = 0; h < 0x10000; h++) {
    const x = fromFloat16Bits(h)
    if (Number.isNaN(x)) continue
    assert.equal(toFloat16Bits(x), h, `round trip of ${hex(h)}`)
  }
  // random float32 values across the whole range: no neighbouring half is closer
  let s = 12345
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296
  for (let i = 0; i < 20000; i++) {
    const x = Math.fround((rnd() < 0.5 ? -1 : 1) * 2 ** (rnd() * 44 - 28))
    const h = toFloat16Bits(x)
    const r = fromFloat16Bits(h)
    assert.ok(!Number.isNaN(r), `${x} encoded as NaN ${hex(h)}`)
    if (!Number.isFinite(r)) {
      assert.ok(Math.abs(x) >= 65520, `only |x| >= 65520 overflows, got ${x}`)
      continue
    }
    const d = Math.abs(x - r)
    for (const n of [h - 1, h + 1]) {
      if ((n & 0x7fff) > 0x7bff || (n & 0x7fff) === 0x7fff) continue
      const dn = Math.abs(x - fromFloat16Bits(n))
      assert.ok(d < dn || (d === dn && (h & 1) === 0), `${x}: ${hex(h)} (${r}) vs ${hex(n)}`)
    }
  }
})

test('array helpers convert element by element', () => {
  const bits = toFloat16Array(new Float32Array([1, -0.5, 65504, 1e9]))
  assert.deepEqual([...bits], [0x3c00, 0xb800, 0x7bff, 0x7c00])
  assert.deepEqual([...fromFloat16Array(new Uint16Array([0x3c00, 0xb800, 0x0001]))], [1, -0.5, 2 ** -24])
})
