// Pitch-class profiles for key finding, from our own 4096-point FFT (5.4 Hz bins: fine enough for bass notes,
// which Meyda's 2048-point chroma smears). Treble and bass chroma are kept apart; frames weigh by tonalness.

import { createRealFft, hannWindow } from './fft.ts'

/** Track-level chroma, C..B, each summed over frames (not normalised). */
export interface ChromaProfile {
  /** Pitch classes of spectral peaks 110-5000 Hz. */
  treble: Float64Array
  /** Pitch classes of spectral peaks 40-220 Hz (roots in the bass). */
  bass: Float64Array
}

const FRAME = 4096

/**
 * Accumulates chroma over the whole track, one frame every `hop` samples. Only local spectral peaks count
 * (noise and drums spread energy across bins; partials are peaks), each weighted by log-magnitude and by how
 * close it lies to an equal-tempered pitch (A4 = 440 Hz).
 */
export function computeChroma(samples: Float32Array, sampleRate: number, hop = FRAME): ChromaProfile {
  const fft = createRealFft(FRAME)
  const win = hannWindow(FRAME)
  const bins = FRAME / 2 + 1
  const binHz = sampleRate / FRAME
  const kLo = Math.ceil(40 / binHz)
  const kHi = Math.min(bins - 2, Math.floor(5000 / binHz))
  const treble = new Float64Array(12)
  const bass = new Float64Array(12)
  const buf = new Float32Array(FRAME)
  const mag = new Float32Array(bins)
  const frameT = new Float64Array(12)
  const frameB = new Float64Array(12)
  for (let off = 0; off + FRAME <= samples.length; off += hop) {
    for (let i = 0; i < FRAME; i++) buf[i] = samples[off + i] * win[i]
    fft.magnitudes(buf, mag)
    let total = 0
    let peakSum = 0
    frameT.fill(0)
    frameB.fill(0)
    for (let k = 1; k < bins - 1; k++) total += mag[k]
    for (let k = kLo; k <= kHi; k++) {
      const m = mag[k]
      if (m <= mag[k - 1] || m < mag[k + 1] || m < 1e-4) continue
      peakSum += m
      // Bins are 5.4 Hz but a semitone at 110 Hz is 6.5 Hz: refine the peak's frequency (parabola on log
      // magnitudes) before naming its pitch, or low notes land between pitch classes.
      const a = Math.log(mag[k - 1] + 1e-9)
      const b = Math.log(m + 1e-9)
      const c = Math.log(mag[k + 1] + 1e-9)
      const d = a - 2 * b + c
      const f = (k + (d < 0 ? (0.5 * (a - c)) / d : 0)) * binHz
      const midi = 69 + 12 * Math.log2(f / 440)
      const near = Math.round(midi)
      const pc = ((near % 12) + 12) % 12
      const w = Math.log1p(m * 0.5) * Math.cos(Math.PI * (midi - near)) ** 2 // 1 in tune, 0 a quarter-tone off
      if (f >= 110) frameT[pc] += w
      if (f <= 220) frameB[pc] += w
    }
    // Tonalness: share of spectral magnitude in peaks; drum hits and noise frames count less.
    const tonal = total > 1e-6 ? peakSum / total : 0
    for (let i = 0; i < 12; i++) {
      treble[i] += frameT[i] * tonal
      bass[i] += frameB[i] * tonal
    }
  }
  return { treble, bass }
}
