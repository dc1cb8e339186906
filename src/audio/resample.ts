// Brings PCM to the analysis rate (22050 Hz): anti-alias low-pass + interpolation.
// All analysis stages assume this one rate so their frame sizes and filterbanks are fixed.

/** The sample rate every analysis stage works at, Hz. */
export const ANALYSIS_RATE = 22050

const TAPS = 16

/**
 * Resamples mono PCM from `fromRate` to `toRate` Hz. Down-sampling applies a windowed-sinc low-pass
 * (cut-off 0.45 x the lower rate, 2 x 16 taps) so hats and cymbals do not fold into the bass bands.
 */
export function resample(samples: Float32Array, fromRate: number, toRate = ANALYSIS_RATE): Float32Array {
  if (fromRate === toRate) return samples
  const ratio = fromRate / toRate
  const outLen = Math.floor(samples.length / ratio)
  const out = new Float32Array(outLen)
  const cutoff = (0.9 * Math.min(1, 1 / ratio)) / 2 // in cycles per input sample
  const n = samples.length
  for (let i = 0; i < outLen; i++) {
    const pos = i * ratio
    const c = Math.floor(pos)
    let acc = 0
    let norm = 0
    for (let k = c - TAPS + 1; k <= c + TAPS; k++) {
      const x = k - pos
      const w = 0.5 + 0.5 * Math.cos((Math.PI * x) / (TAPS + 1)) // Hann
      const s = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x)
      const h = w * s
      norm += h
      if (k >= 0 && k < n) acc += samples[k] * h
    }
    out[i] = norm !== 0 ? acc / norm : 0
  }
  return out
}
