// Radix-2 real FFT on Float32Arrays, allocation-free per call.
// The analysis fast paths (onset envelope, chroma) run tens of thousands of these per track.

/** A reusable real-input FFT of fixed size `n` (a power of two, >= 4). */
export interface RealFft {
  readonly size: number
  /**
   * Magnitude spectrum of `input` (length `size`, already windowed) into `out`
   * (length `size / 2 + 1`, bins 0..Nyquist, linear amplitude, unnormalised).
   */
  magnitudes(input: Float32Array, out: Float32Array): void
}

/** Builds a real FFT of size `n`: a complex FFT of n/2 points on packed even/odd samples. */
export function createRealFft(n: number): RealFft {
  if (n < 4 || (n & (n - 1)) !== 0) throw new RangeError(`FFT size must be a power of two >= 4, got ${n}`)
  const half = n >> 1
  const re = new Float64Array(half)
  const im = new Float64Array(half)
  const rev = bitReverseTable(half)
  // Twiddles for the half-size complex FFT and for the real-split step.
  const cosH = new Float64Array(half / 2)
  const sinH = new Float64Array(half / 2)
  for (let k = 0; k < half / 2; k++) {
    cosH[k] = Math.cos((2 * Math.PI * k) / half)
    sinH[k] = -Math.sin((2 * Math.PI * k) / half)
  }
  const cosN = new Float64Array(half)
  const sinN = new Float64Array(half)
  for (let k = 0; k < half; k++) {
    cosN[k] = Math.cos((2 * Math.PI * k) / n)
    sinN[k] = -Math.sin((2 * Math.PI * k) / n)
  }

  function magnitudes(input: Float32Array, out: Float32Array): void {
    for (let i = 0; i < half; i++) {
      const j = rev[i]
      re[j] = input[2 * i]
      im[j] = input[2 * i + 1]
    }
    for (let size = 2; size <= half; size <<= 1) {
      const step = half / size
      const h = size >> 1
      for (let start = 0; start < half; start += size) {
        for (let k = 0, t = 0; k < h; k++, t += step) {
          const a = start + k
          const b = a + h
          const wr = cosH[t]
          const wi = sinH[t]
          const xr = re[b] * wr - im[b] * wi
          const xi = re[b] * wi + im[b] * wr
          re[b] = re[a] - xr
          im[b] = im[a] - xi
          re[a] += xr
          im[a] += xi
        }
      }
    }
    // Split the packed result into the spectrum of the real signal.
    out[0] = Math.abs(re[0] + im[0])
    out[half] = Math.abs(re[0] - im[0])
    for (let k = 1; k < half; k++) {
      const ar = re[k]
      const ai = im[k]
      const br = re[half - k]
      const bi = -im[half - k]
      const er = 0.5 * (ar + br)
      const ei = 0.5 * (ai + bi)
      const or = 0.5 * (ai - bi)
      const oi = -0.5 * (ar - br)
      const xr = er + or * cosN[k] - oi * sinN[k]
      const xi = ei + or * sinN[k] + oi * cosN[k]
      out[k] = Math.sqrt(xr * xr + xi * xi)
    }
  }
  return { size: n, magnitudes }
}

/** Periodic Hann window of length `n`. */
export function hannWindow(n: number): Float32Array {
  const w = new Float32Array(n)
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)
  return w
}

function bitReverseTable(n: number): Uint32Array {
  const bits = Math.log2(n)
  const t = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    let r = 0
    for (let b = 0, x = i; b < bits; b++, x >>= 1) r = (r << 1) | (x & 1)
    t[i] = r
  }
  return t
}
