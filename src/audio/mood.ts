// Mood and character from the other analyses: arousal/valence, a mood label, danceability, beat strength.
// A transparent hand-set mapping (no trained model): every weight is in this file.
//
// Arousal (-1 calm .. 1 excited) = 2 * (0.35 level + 0.30 tempo + 0.15 brightness + 0.20 beatStrength) - 1,
//   with tempo = (bpm - 60) / 120 clamped to 0..1.
// Valence (-1 sad .. 1 happy)    = 0.45 mode (+1 major, -1 minor, scaled by key confidence ^ 0.5)
//   + 0.25 (2 brightness - 1) + 0.20 (2 tempo - 1) + 0.10 (2 level - 1), clamped to -1..1.
//
// Label table (thresholds on arousal A and valence V):
//   | A \ V            | V < -0.2    | -0.2 <= V <= 0.2                        | V > 0.2   |
//   | A > 0.35         | tense       | energetic                               | euphoric  |
//   | -0.2 <= A <= 0.35| dark        | energetic if beatStrength >= 0.5, else dreamy | warm |
//   | A < -0.2         | melancholic | dreamy                                  | calm      |

import type { KeyResult, MoodLabel, MoodResult, SpectralResult, TempoResult, EnergyResult } from './types.ts'

const clamp = (x: number, lo = 0, hi = 1): number => (Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo)

/** Beat strength 0..1: pulse clarity from the tempo estimate, gated by whether there is any sound at all. */
export function beatStrengthOf(tempo: TempoResult, energy: EnergyResult): number {
  return clamp(tempo.confidence * Math.min(1, energy.level * 3))
}

/**
 * Danceability 0..1: beat strength (0.5), a steady tempo (0.2: 1 - coefficient of variation of the tempo curve
 * x 10) and a tempo in the dance range (0.3: 1 inside 90-140 BPM, falling off by a log-Gaussian outside).
 */
export function danceabilityOf(tempo: TempoResult, beatStrength: number): number {
  const bpms = tempo.curve.map((p) => p.bpm)
  const mean = bpms.length ? bpms.reduce((a, b) => a + b, 0) / bpms.length : tempo.bpm
  const sd = bpms.length ? Math.sqrt(bpms.reduce((a, b) => a + (b - mean) ** 2, 0) / bpms.length) : 0
  const steady = clamp(1 - (mean > 0 ? (sd / mean) * 10 : 1))
  const edge = tempo.bpm < 90 ? Math.log2(90 / tempo.bpm) : tempo.bpm > 140 ? Math.log2(tempo.bpm / 140) : 0
  const range = Math.exp(-0.5 * (edge / 0.35) ** 2)
  return clamp(
    0.5 * beatStrength + 0.2 * steady * (beatStrength > 0 ? 1 : 0) + 0.3 * range * (beatStrength > 0 ? 1 : 0),
  )
}

/** Picks the label from the table in the file header. */
export function moodLabelOf(arousal: number, valence: number, beatStrength: number): MoodLabel {
  if (arousal > 0.35) return valence > 0.2 ? 'euphoric' : valence < -0.2 ? 'tense' : 'energetic'
  if (arousal < -0.2) return valence > 0.2 ? 'calm' : valence < -0.2 ? 'melancholic' : 'dreamy'
  return valence > 0.2 ? 'warm' : valence < -0.2 ? 'dark' : beatStrength >= 0.5 ? 'energetic' : 'dreamy'
}

/** Combines tempo, key, energy and spectrum into a mood (weights in the file header). */
export function estimateMood(
  tempo: TempoResult,
  key: KeyResult,
  energy: EnergyResult,
  spectral: SpectralResult,
): MoodResult {
  const beatStrength = beatStrengthOf(tempo, energy)
  const t = clamp((tempo.bpm - 60) / 120) * (beatStrength > 0 ? 1 : 0.5)
  const b = clamp(spectral.brightness)
  const l = clamp(energy.level)
  const arousal = clamp(2 * (0.35 * l + 0.3 * t + 0.15 * b + 0.2 * beatStrength) - 1, -1, 1)
  const mode = (key.mode === 'major' ? 1 : -1) * Math.sqrt(clamp(key.confidence))
  const valence = clamp(0.45 * mode + 0.25 * (2 * b - 1) + 0.2 * (2 * t - 1) + 0.1 * (2 * l - 1), -1, 1)
  const r = (x: number): number => Math.round(x * 1000) / 1000
  return {
    arousal: r(arousal),
    valence: r(valence),
    label: moodLabelOf(arousal, valence, beatStrength),
    danceability: r(danceabilityOf(tempo, beatStrength)),
    beatStrength: r(beatStrength),
  }
}
