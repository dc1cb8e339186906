// Pitch-class profiles for key finding (HPCP-like): spectral peaks of a 4096-point FFT, the track's tuning
// (tuning.ts) taken out, each peak credited to its pitch class and, with decaying weight, to the sub-harmonics it
// may be a partial of. Treble and bass are kept apart, per frame too, so key.ts can read bass notes and endings.

import { createRealFft, hannWindow } from './fft.ts'
import { estimateTuning } from './tuning.ts'

/** Track-level chroma, C..B, plus per-frame chroma for time-local evidence (final chord, bass line). */
export interface ChromaProfile {
  /** Harmonic pitch-class profile of peaks 100-5000 Hz, summed over frames (not normalised). */
  treble: Float64Array
  /** Pitch classes of peaks 30-250 Hz (roots in the bass), summed over frames. */
  bass: Float64Array
  /** Per-frame treble chroma, 12 values per frame, each frame normalised to sum 1 (0 for silent frames). */
  frameTreble: Float32Array
  /** Per-frame bass chroma, 12 values per frame, each frame normalised to sum 1 (0 when no bass). */
  frameBass: Float32Array
  /** Per-frame RMS level, linear. */
  frameLevel: Float32Array
  /** Seconds between frames. */
  hopSec: number
  /** Tuning taken out of the bins: deviation from A440 in cents, -50..50. */
  tuningCents: number
}

const FRAME = 4096
/** Most peaks kept per frame (the loudest); the rest are usually noise or far-down partials. */
const MAX_PEAKS = 60
/** Peaks this far below the frame's loudest are ignored (linear ratio, -60 dB). */
const PEAK_FLOOR = 1e-3
/** Sub-harmonic weights: a peak may be the 1st..4th partial of a note, weights 0.6^(h-1) (as Gomez's HPCP). */
const HARMONIC_WEIGHTS = [1, 0.6, 0.36, 0.216]
/** Semitones from a partial down to its fundamental, for partials 1..4. */
const HARMONIC_ST = HARMONIC_WEIGHTS.map((_, h) => 12 * Math.log2(h + 1))
const TREBLE_HZ: [number, number] = [100, 5000]
const BASS_HZ: [number, number] = [30, 250]
/** A bass-band peak counts as the bass note when it is at least this share of the band's loudest peak. */
const BASS_FLOOR = 0.3

interface Peaks {
  freq: Float32Array
  mag: Float32Array
  /** Index of each frame's first peak; frame f owns [start[f], start[f + 1]). */
  start: Uint32Array
  level: Float32Array
  frames: number
}

/** Pass 1: the loudest spectral peaks of every frame, frequencies refined by a parabola on log magnitudes. */
function findPeaks(samples: Float32Array, sampleRate: number, hop: number): Peaks {
  const frames = samples.length >= FRAME ? Math.floor((samples.length - FRAME) / hop) + 1 : 0
  const fft = createRealFft(FRAME)
  const win = hannWindow(FRAME)
  const bins = FRAME / 2 + 1
  const binHz = sampleRate / FRAME
  const kLo = Math.max(1, Math.ceil(BASS_HZ[0] / binHz))
  const kHi = Math.min(bins - 2, Math.floor(TREBLE_HZ[1] / binHz))
  const freq = new Float32Array(frames * MAX_PEAKS)
  const mag = new Float32Array(frames * MAX_PEAKS)
  const start = new Uint32Array(frames + 1)
  const level = new Float32Array(frames)
  const buf = new Float32Array(FRAME)
  const spec = new Float32Array(bins)
  const cand: number[] = []
  const top = new Float32Array(bins)
  let n = 0
  for (let fr = 0; fr < frames; fr++) {
    const off = fr * hop
    let energy = 0
    for (let i = 0; i < FRAME; i++) {
      const s = samples[off + i]
      energy += s * s
      buf[i] = s * win[i]
    }
    level[fr] = Math.sqrt(energy / FRAME)
    start[fr] = n
    if (energy === 0) continue
    fft.magnitudes(buf, spec)
    let max = 0
    for (let k = kLo; k <= kHi; k++) if (spec[k] > max) max = spec[k]
    const floor = Math.max(max * PEAK_FLOOR, 1e-6)
    cand.length = 0
    for (let k = kLo; k <= kHi; k++) {
      const m = spec[k]
      if (m > spec[k - 1] && m >= spec[k + 1] && m >= floor) cand.push(k)
    }
    const keep = cand.length > MAX_PEAKS ? nthLargest(cand, spec, MAX_PEAKS, top) : 0
    for (const k of cand) {
      if (spec[k] < keep) continue
      // Parabola on log magnitudes: bins are 5.4 Hz, a semitone at 100 Hz is 6 Hz.
      const a = Math.log(spec[k - 1] + 1e-12)
      const b = Math.log(spec[k] + 1e-12)
      const c = Math.log(spec[k + 1] + 1e-12)
      const d = a - 2 * b + c
      freq[n] = (k + (d < 0 ? (0.5 * (a - c)) / d : 0)) * binHz
      mag[n] = spec[k]
      if (++n - start[fr] === MAX_PEAKS) break
    }
  }
  start[frames] = n
  return { freq, mag, start, level, frames }
}

/**
 * Accumulates chroma over the whole track, one frame every `hop` samples (4096 = 0.19 s at 22050 Hz).
 * Frames weigh by loudness relative to the track (quiet intros and reverb tails count less) and by tonalness.
 */
export function computeChroma(samples: Float32Array, sampleRate: number, hop = FRAME): ChromaProfile {
  const pk = findPeaks(samples, sampleRate, hop)
  const tuningCents = estimateTuning(pk.freq, pk.mag, pk.start[pk.frames])
  // Reference frequency of pitch class C with the tuning applied: bins are centred on the track's own grid.
  const refC = 440 * Math.pow(2, (tuningCents / 100 - 9) / 12)
  const treble = new Float64Array(12)
  const bass = new Float64Array(12)
  const frameTreble = new Float32Array(pk.frames * 12)
  const frameBass = new Float32Array(pk.frames * 12)
  const loud = loudReference(pk.level)
  const t = new Float64Array(12)
  const b = new Float64Array(12)
  for (let fr = 0; fr < pk.frames; fr++) {
    t.fill(0)
    b.fill(0)
    let bassMax = 0
    for (let i = pk.start[fr]; i < pk.start[fr + 1]; i++) {
      const f = pk.freq[i]
      const w = Math.sqrt(pk.mag[i])
      if (f >= TREBLE_HZ[0]) {
        const st = 12 * Math.log2(f / refC)
        for (let h = 0; h < HARMONIC_WEIGHTS.length; h++) addSemitone(t, st - HARMONIC_ST[h], w * HARMONIC_WEIGHTS[h])
      }
      if (f <= BASS_HZ[1] && pk.mag[i] > bassMax) bassMax = pk.mag[i]
    }
    // The bass note: the lowest strong peak of the bass band (its own 2nd and 3rd partials, and low chord tones,
    // are louder at times but never lower).
    let lowest = -1
    for (let i = pk.start[fr]; i < pk.start[fr + 1]; i++) {
      const f = pk.freq[i]
      if (f <= BASS_HZ[1] && pk.mag[i] >= bassMax * BASS_FLOOR && (lowest < 0 || f < pk.freq[lowest])) lowest = i
    }
    if (lowest >= 0) addSemitone(b, 12 * Math.log2(pk.freq[lowest] / refC), 1)
    const gain = loud > 0 ? Math.min(1, pk.level[fr] / loud) : 0
    writeFrame(t, frameTreble, fr, treble, gain)
    writeFrame(b, frameBass, fr, bass, gain)
  }
  return { treble, bass, frameTreble, frameBass, frameLevel: pk.level, hopSec: hop / sampleRate, tuningCents }
}

/** Credits weight `w` of a pitch `st` semitones above C to its nearest pitch class: 1 on the grid, 0 half-way. */
function addSemitone(out: Float64Array, st: number, w: number): void {
  const near = Math.round(st)
  const d = st - near
  const c = Math.cos(Math.PI * d)
  out[((near % 12) + 12) % 12] += w * c * c
}

/** Stores a frame normalised to sum 1, and adds it to the track total weighted by `gain`. */
function writeFrame(v: Float64Array, frames: Float32Array, fr: number, total: Float64Array, gain: number): void {
  let s = 0
  for (let i = 0; i < 12; i++) s += v[i]
  if (s <= 0) return
  for (let i = 0; i < 12; i++) {
    frames[fr * 12 + i] = v[i] / s
    total[i] += (v[i] / s) * gain
  }
}

/** The `n`-th largest of `spec` over the bins in `cand` (a typed-array sort: no comparator calls). */
function nthLargest(cand: number[], spec: Float32Array, n: number, scratch: Float32Array): number {
  const v = scratch.subarray(0, cand.length)
  for (let i = 0; i < cand.length; i++) v[i] = spec[cand[i]]
  v.sort()
  return v[cand.length - n]
}

/** A "loud" level for the track: the 90th percentile of frame RMS (robust to a few peaks). */
function loudReference(level: Float32Array): number {
  if (level.length === 0) return 0
  const sorted = Float32Array.from(level).sort()
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))]
}
