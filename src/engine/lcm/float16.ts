// IEEE 754 binary16 <-> float32 bit conversion for models whose inputs or outputs are declared float16
// (Node 20 has no Float16Array): round-to-nearest-even, subnormals, +-Inf on overflow, NaN kept NaN.

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** The binary16 bits (0..0xffff) nearest to `x` (rounded to float32 first), ties to even. */
export function toFloat16Bits(x: number): number {
  f32[0] = x
  const u = u32[0]
  const sign = (u >>> 16) & 0x8000
  const exp = (u >>> 23) & 0xff
  const mant = u & 0x7fffff
  // float32 Inf/NaN: keep NaN quiet (top mantissa bit) so it never turns into Inf
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0)
  const e = exp - 112 // rebias 127 -> 15
  if (e >= 31) return sign | 0x7c00
  if (e <= 0) {
    // below 2^-25 everything rounds to zero; 2^-25 itself is a tie that goes to the even zero
    if (e < -10) return sign
    const m = mant | 0x800000 // restore the implicit bit: the result is a subnormal half
    const shift = 14 - e
    return sign | roundShift(m, shift)
  }
  // a carry out of the mantissa rolls into the exponent, which is exactly right (up to Inf)
  return sign | ((e << 10) + roundShift(mant, 13))
}

/** m >> shift rounded to nearest, ties to even. */
function roundShift(m: number, shift: number): number {
  const q = m >>> shift
  const rem = m - q * 2 ** shift
  const half = 2 ** (shift - 1)
  return rem > half || (rem === half && (q & 1) === 1) ? q + 1 : q
}

/** The value of binary16 bits `h` (0..0xffff). */
export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >>> 10) & 0x1f
  const mant = h & 0x3ff
  if (exp === 0) return sign * mant * 2 ** -24
  if (exp === 31) return mant ? NaN : sign * Infinity
  return sign * (1024 + mant) * 2 ** (exp - 25)
}

/** Float32 values as binary16 bits, for an ONNX float16 tensor. */
export function toFloat16Array(src: ArrayLike<number>): Uint16Array {
  return Uint16Array.from(src, (x) => toFloat16Bits(x))
}

/** An ONNX float16 tensor's bits as float32 values. */
export function fromFloat16Array(src: Uint16Array): Float32Array {
  return Float32Array.from(src, (h) => fromFloat16Bits(h))
}
