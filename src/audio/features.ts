// Whole-track frame features: Meyda spectral descriptors streamed frame by frame into running sums, plus dense
// block energies (every sample) for loudness, dynamic range, the ~200-point energy curve and waveform peaks.

import Meyda from 'meyda'
import type { EnergyResult, SpectralResult } from './types.ts'

/** Samples per Meyda frame (93 ms at 22050 Hz). */
export const MEYDA_FRAME = 2048
/**
 * Samples between Meyda frames. Each `Meyda.extract` runs its own FFT (~0.35 ms for our feature list), so
 * frames are taken every 0.37 s across the whole track: plenty for track-level means, and 4x cheaper.
 */
export const MEYDA_HOP = 8192
/** Samples per energy block (23 ms at 22050 Hz). */
export const BLOCK = 512
/** Points in the energy curve and the waveform. */
export const CURVE_POINTS = 200
const MFCC_COUNT = 13
const SILENT_RMS = 1e-5 // -100 dBFS: below this a frame carries no spectrum worth describing

/** Dense per-block energy of a track; small (one float per 512 samples), kept for sections and mood. */
export interface BlockEnergy {
  /** Blocks per second. */
  rate: number
  /** RMS per block, linear. */
  rms: Float32Array
  /** Peak |sample| per block. */
  peak: Float32Array
}

/** RMS and peak of every `BLOCK` samples. */
export function computeBlockEnergy(samples: Float32Array, sampleRate: number): BlockEnergy {
  const n = Math.ceil(samples.length / BLOCK)
  const rms = new Float32Array(n)
  const peak = new Float32Array(n)
  for (let b = 0; b < n; b++) {
    let ss = 0
    let pk = 0
    const end = Math.min(samples.length, (b + 1) * BLOCK)
    for (let i = b * BLOCK; i < end; i++) {
      const x = samples[i]
      ss += x * x
      const a = x < 0 ? -x : x
      if (a > pk) pk = a
    }
    rms[b] = Math.sqrt(ss / Math.max(1, end - b * BLOCK))
    peak[b] = pk
  }
  return { rate: sampleRate / BLOCK, rms, peak }
}

/** dBFS of a linear RMS, floored at -100 dB so silence stays finite. */
export const toDb = (rms: number): number => 20 * Math.log10(Math.max(rms, SILENT_RMS))
/** Maps dBFS to 0..1 perceptual level: -60 dB -> 0, -6 dB -> 1. */
export const dbToLevel = (db: number): number => Math.min(1, Math.max(0, (db + 60) / 54))

/**
 * Energy summary: mean RMS, integrated loudness (mean square over blocks gated like EBU R128: absolute -70 dB,
 * then relative -10 dB; no K-weighting), level, dynamic range (95th vs 10th percentile of 0.5 s windows),
 * and a ~200-point curve of per-slice loudness mapped to 0..1.
 */
export function summariseEnergy(e: BlockEnergy): EnergyResult {
  const n = e.rms.length
  let sum = 0
  for (let i = 0; i < n; i++) sum += e.rms[i]
  const gatedMeanSquare = (floorDb: number): number => {
    let s = 0
    let c = 0
    for (let i = 0; i < n; i++) {
      if (toDb(e.rms[i]) > floorDb) {
        s += e.rms[i] * e.rms[i]
        c++
      }
    }
    return c ? s / c : 0
  }
  const ungated = gatedMeanSquare(-70)
  const loudnessDb =
    ungated > 0 ? 10 * Math.log10(Math.max(gatedMeanSquare(10 * Math.log10(ungated) - 10), 1e-10)) : -100
  const win = Math.max(1, Math.round(e.rate / 2))
  const windows: number[] = []
  for (let i = 0; i + win <= n; i += win) {
    let s = 0
    for (let k = i; k < i + win; k++) s += e.rms[k] * e.rms[k]
    const db = toDb(Math.sqrt(s / win))
    if (db > -70) windows.push(db)
  }
  windows.sort((a, b) => a - b)
  const pct = (p: number): number => windows[Math.min(windows.length - 1, Math.floor(p * windows.length))]
  const dynamicRangeDb = windows.length ? pct(0.95) - pct(0.1) : 0
  return {
    rmsMean: round(n ? sum / n : 0, 5),
    level: round(dbToLevel(loudnessDb), 3),
    loudnessDb: round(loudnessDb, 2),
    dynamicRangeDb: round(dynamicRangeDb, 2),
    curve: resampleCurve(e.rms, (s) => dbToLevel(toDb(Math.sqrt(s.meanSquare)))),
  }
}

/** Waveform for the UI: the peak |sample| of each of ~200 slices, 0..1. */
export function waveformPeaks(e: BlockEnergy): number[] {
  return resampleCurve(e.peak, (s) => Math.min(1, s.max))
}

/** Splits `x` into ~CURVE_POINTS slices (fewer for very short input) and maps each slice to one value. */
function resampleCurve(x: Float32Array, f: (s: { meanSquare: number; max: number }) => number): number[] {
  const points = Math.min(CURVE_POINTS, x.length)
  const out: number[] = []
  for (let p = 0; p < points; p++) {
    const a = Math.floor((p * x.length) / points)
    const b = Math.max(a + 1, Math.floor(((p + 1) * x.length) / points))
    let ss = 0
    let mx = 0
    for (let i = a; i < b; i++) {
      ss += x[i] * x[i]
      if (x[i] > mx) mx = x[i]
    }
    out.push(round(f({ meanSquare: ss / (b - a), max: mx }), 3))
  }
  return out
}

interface MeydaFrame {
  rms: number
  spectralCentroid: number
  spectralRolloff: number
  spectralFlatness: number
  zcr: number
  mfcc: number[]
}

const FEATURES = ['rms', 'spectralCentroid', 'spectralRolloff', 'spectralFlatness', 'zcr', 'mfcc'] as const

/**
 * Spectral descriptors over the whole track with Meyda: one `extract` call per frame asking for every feature
 * (one FFT), folded into running means so memory does not grow with track length. Silent frames are skipped
 * (their centroid is undefined); all-silent input gives zeros.
 */
export function computeSpectral(samples: Float32Array, sampleRate: number): SpectralResult {
  const m = Meyda as unknown as {
    bufferSize: number
    sampleRate: number
    numberOfMFCCCoefficients: number
    extract: (f: readonly string[], s: Float32Array) => MeydaFrame | null
  }
  m.bufferSize = MEYDA_FRAME
  m.sampleRate = sampleRate
  m.numberOfMFCCCoefficients = MFCC_COUNT
  const acc = { w: 0, centroid: 0, rolloff: 0, flatness: 0, zcr: 0, mfcc: new Float64Array(MFCC_COUNT) }
  for (let off = 0; off + MEYDA_FRAME <= samples.length; off += MEYDA_HOP) {
    const frame = samples.subarray(off, off + MEYDA_FRAME)
    const f = m.extract(FEATURES, frame)
    if (!f || !(f.rms > SILENT_RMS) || !Number.isFinite(f.spectralCentroid)) continue
    // Weight frames by RMS so a loud chorus describes the track more than a fade-out does.
    const w = f.rms
    acc.w += w
    acc.centroid += w * f.spectralCentroid
    acc.rolloff += w * f.spectralRolloff
    acc.flatness += w * (Number.isFinite(f.spectralFlatness) ? f.spectralFlatness : 0)
    acc.zcr += w * f.zcr
    for (let i = 0; i < MFCC_COUNT; i++) acc.mfcc[i] += w * (Number.isFinite(f.mfcc[i]) ? f.mfcc[i] : 0)
  }
  const mean = (x: number): number => (acc.w > 0 ? x / acc.w : 0)
  // spectralCentroid is a bin index of the MEYDA_FRAME-point FFT, not Hz.
  const centroidHz = mean(acc.centroid) * (sampleRate / MEYDA_FRAME)
  return {
    centroidHz: round(centroidHz, 1),
    rolloffHz: round(mean(acc.rolloff), 1),
    flatness: round(mean(acc.flatness), 4),
    // Crossings per sample, 0..1 (Meyda counts crossings per frame).
    zcr: round(mean(acc.zcr) / MEYDA_FRAME, 4),
    brightness: round(brightnessOf(centroidHz), 3),
    mfcc: Array.from(acc.mfcc, (x) => round(mean(x), 3)),
  }
}

/** Brightness 0..1 on a log scale of the centroid: 250 Hz -> 0, 4 kHz -> 1. */
export function brightnessOf(centroidHz: number): number {
  if (!(centroidHz > 0)) return 0
  return Math.min(1, Math.max(0, Math.log2(centroidHz / 250) / 4))
}

const round = (x: number, d: number): number => {
  const p = 10 ** d
  return Number.isFinite(x) ? Math.round(x * p) / p : 0
}
