// Types at the audio boundary: decoded PCM in, a whole-track analysis out.
// The JSON of AudioAnalysis is a public contract (CLI `analyze --json`, API `features`).

/** Mono float PCM in [-1, 1]. */
export interface Pcm {
  samples: Float32Array
  sampleRate: number
}

export type PitchClass = 'C' | 'C#' | 'D' | 'D#' | 'E' | 'F' | 'F#' | 'G' | 'G#' | 'A' | 'A#' | 'B'
export type Mode = 'major' | 'minor'
export type MoodLabel = 'euphoric' | 'energetic' | 'tense' | 'dark' | 'melancholic' | 'calm' | 'dreamy' | 'warm'

export interface TempoResult {
  /** Beats per minute, 30-300. */
  bpm: number
  /** 0..1: how clearly one periodicity dominates. */
  confidence: number
  /** Tempo over time, one point every few seconds. */
  curve: { t: number; bpm: number }[]
  /** Beat times in seconds (beat grid), may be empty. */
  beats: number[]
  /** Other plausible tempi, best first. */
  candidates: { bpm: number; score: number }[]
  /** Other metrical readings of the same music (x2, x1/2, x3/2, x2/3 of bpm) a listener may tap, best first. */
  alternatives: number[]
}

export interface KeyResult {
  tonic: PitchClass
  mode: Mode
  /** 0..1 */
  confidence: number
  /** Camelot wheel code, e.g. "8A" for A minor. */
  camelot: string
  /** Mean chroma vector, C..B, normalised to max 1. */
  chroma: number[]
  /** Estimated tuning: deviation from A440 in cents, -50..50 (positive = sharp). */
  tuningCents?: number
  /** Runner-up keys, best first, with their scores (comparable to each other, not a probability). */
  alternatives?: { tonic: PitchClass; mode: Mode; score: number }[]
}

export interface EnergyResult {
  /** Mean RMS of the track, linear 0..1. */
  rmsMean: number
  /** Normalised intensity 0..1 (perceptual, loudness-based). */
  level: number
  /** Integrated loudness estimate in dBFS. */
  loudnessDb: number
  /** dB between loud (95th pct) and quiet (10th pct) frames. */
  dynamicRangeDb: number
  /** Energy over time, ~200 points, 0..1. */
  curve: number[]
}

export interface SpectralResult {
  centroidHz: number
  rolloffHz: number
  flatness: number
  zcr: number
  /** 0..1 brightness derived from centroid. */
  brightness: number
  mfcc: number[]
}

export interface Section {
  start: number
  end: number
  /** 0..1 mean energy of the section. */
  energy: number
  label: 'intro' | 'low' | 'mid' | 'high' | 'outro'
}

export interface MoodResult {
  /** -1..1 calm..excited */
  arousal: number
  /** -1..1 sad..happy */
  valence: number
  label: MoodLabel
  /** 0..1 */
  danceability: number
  /** 0..1 */
  beatStrength: number
}

export interface AudioAnalysis {
  version: number
  durationSec: number
  sampleRate: number
  tempo: TempoResult
  key: KeyResult
  energy: EnergyResult
  spectral: SpectralResult
  mood: MoodResult
  sections: Section[]
  /** Peak amplitude per slice, ~200 points, 0..1 (the UI's waveform). */
  waveform: number[]
  timings: { featuresMs: number; tempoMs: number; keyMs: number; moodMs: number; totalMs: number }
}

/** Partial results, reported as soon as each is known. */
export type AnalysisPartial =
  | { kind: 'duration'; durationSec: number }
  | { kind: 'tempo'; tempo: TempoResult }
  | { kind: 'key'; key: KeyResult }
  | { kind: 'energy'; energy: EnergyResult }
  | { kind: 'mood'; mood: MoodResult }
