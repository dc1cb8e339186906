// Brings PCM to the analysis rate (22050 Hz): windowed-sinc low-pass + interpolation in one polyphase filter.
// All analysis stages assume this one rate so their frame sizes and filterbanks are fixed.

/** The sample rate every analysis stage works at, Hz. */
export const ANALYSIS_RATE = 22050

const TAPS = 16 // per side
const PHASES = 256 // fractional positions; 1/256 sample of timing error is far below anything we measure

/**
 * Resamples mono PCM from `fromRate` to `toRate` Hz. Down-sampling low-passes at 0.45 x the lower rate
 * (Hann-windowed sinc, 2 x 16 taps) so hats and cymbals do not fold into the bass bands.
 */
export function resample(samples: Float32Array, fromRate: number, toRate = ANALYSIS_RATE): Float32Array {
  if (fromRate === toRate) return samples
  const ratio = fromRate / toRate
  const cutoff = (0.9 * Math.min(1, 1 / ratio)) / 2 // cycles per input sample
  const width = 2 * TAPS
  // table[p][j]: weight of input sample (c - TAPS + 1 + j) for output at c + p / PHASES, normalised to sum 1.
  const table = new Float32Array((PHASES + 1) * width)
  for (let p = 0; p <= PHASES; p++) {
    let norm = 0
    for (let j = 0; j < width; j++) {
      const x = j - TAPS + 1 - p / PHASES
      const w = 0.5 + 0.5 * Math.cos((Math.PI * x) / (TAPS + 1))
      const h = w * (x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x))
      table[p * width + j] = h
      norm += h
    }
    for (let j = 0; j < width; j++) table[p * width + j] /= norm
  }
  const n = samples.length
  const out = new Float32Array(Math.floor(n / ratio))
  for (let i = 0; i < out.length; i++) {
    const pos = i * ratio
    const c = Math.floor(pos)
    const row = Math.round((pos - c) * PHASES) * width
    const first = c - TAPS + 1
    let acc = 0
    if (first >= 0 && first + width <= n) {
      for (let j = 0; j < width; j++) acc += samples[first + j] * table[row + j]
    } else {
      for (let j = 0; j < width; j++) {
        const k = first + j
        if (k >= 0 && k < n) acc += samples[k] * table[row + j]
      }
    }
    out[i] = acc
  }
  return out
}
