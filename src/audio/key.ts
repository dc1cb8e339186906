// Key and mode from chroma: correlation with rotated key profiles (Krumhansl-Kessler and Temperley averaged),
// on a bass-aware chroma (roots in the bass mark the tonic). Adds confidence and the Camelot code.

import type { KeyResult, Mode, PitchClass } from './types.ts'
import type { ChromaProfile } from './chroma.ts'

export const PITCH_NAMES: readonly PitchClass[] = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']

/** Krumhansl & Kessler (1982) probe-tone ratings, tonic first. */
const KK = {
  major: [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
  minor: [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17],
}
/** Temperley (2005, Kostka-Payne corpus) pitch-class probabilities, tonic first. */
const TEMPERLEY = {
  major: [0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4],
  minor: [0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33],
}
/**
 * Bass-note profiles, tonic first: how often each scale step carries the bass in tonal music - the tonic most
 * (first and last chords), then dominant and subdominant, then the other diatonic roots. Our own coarse table.
 */
const BASS = {
  major: [1, 0.02, 0.25, 0.02, 0.15, 0.45, 0.02, 0.5, 0.02, 0.3, 0.02, 0.05],
  minor: [1, 0.02, 0.1, 0.3, 0.02, 0.45, 0.02, 0.5, 0.35, 0.02, 0.3, 0.05],
}
/** Weight of the bass-profile fit relative to the treble-profile fit. */
const BASS_WEIGHT = 1.0

/** Camelot wheel code: 8B = C major, 8A = A minor; neighbours on the wheel mix well. */
export function camelotCode(tonic: number, mode: Mode): string {
  const major = mode === 'major' ? tonic : (tonic + 3) % 12
  return `${((major * 7 + 7) % 12) + 1}${mode === 'major' ? 'B' : 'A'}`
}

/** Pearson correlation of `x` with `profile` rotated so its first entry sits on pitch class `tonic`. */
function correlate(x: ArrayLike<number>, profile: number[], tonic: number): number {
  let mx = 0
  let mp = 0
  for (let i = 0; i < 12; i++) {
    mx += x[i]
    mp += profile[i]
  }
  mx /= 12
  mp /= 12
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < 12; i++) {
    const a = x[(i + tonic) % 12] - mx
    const b = profile[i] - mp
    sxy += a * b
    sxx += a * a
    syy += b * b
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0
}

/** Estimates key and mode; silence or atonal input gives C major with confidence 0. */
export function estimateKey(chroma: ChromaProfile): KeyResult {
  const norm = (v: Float64Array): number[] => {
    const s = v.reduce((a, b) => a + b, 0)
    return Array.from(v, (x) => (s > 0 ? x / s : 0))
  }
  const t = norm(chroma.treble)
  const b = norm(chroma.bass)
  const mixed = t.map((x, i) => x + 0.25 * b[i])
  const scores: { tonic: number; mode: Mode; r: number }[] = []
  for (const mode of ['major', 'minor'] as const) {
    for (let tonic = 0; tonic < 12; tonic++) {
      const treble = 0.5 * correlate(t, KK[mode], tonic) + 0.5 * correlate(t, TEMPERLEY[mode], tonic)
      const r = (treble + BASS_WEIGHT * correlate(b, BASS[mode], tonic)) / (1 + BASS_WEIGHT)
      scores.push({ tonic, mode, r })
    }
  }
  scores.sort((a, c) => c.r - a.r)
  const [best, second] = scores
  // Confidence: a clear fit (r near 1) that also beats the runner-up (usually the relative or parallel key).
  const margin = best.r - second.r
  const confidence = best.r > 0 ? Math.min(1, Math.max(0, best.r)) * (1 - Math.exp(-margin / 0.05)) : 0
  const max = Math.max(...mixed)
  return {
    tonic: PITCH_NAMES[best.tonic],
    mode: best.mode,
    confidence: Math.round(confidence * 1000) / 1000,
    camelot: camelotCode(best.tonic, best.mode),
    chroma: mixed.map((x) => (max > 0 ? Math.round((x / max) * 1000) / 1000 : 0)),
  }
}
