// PromptFeatures: what prompts are made from. The zod schema validates features callers send to
// POST /api/prompts; featuresFromAnalysis() derives them from a whole-track analysis.
import { z } from 'zod'
import { AppError } from '../errors.ts'
import type { AudioAnalysis } from '../audio/types.ts'
import type { PromptFeatures } from './types.ts'

const PITCH = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const
const MOODS = ['euphoric', 'energetic', 'tense', 'dark', 'melancholic', 'calm', 'dreamy', 'warm'] as const

/** Validates a caller's features: ranges as in PromptFeatures, unknown keys rejected. */
export const PromptFeaturesSchema = z
  .object({
    bpm: z.number().min(30).max(300),
    bpmAlternatives: z.array(z.number().min(30).max(300)).max(4).optional(),
    tonic: z.enum(PITCH),
    mode: z.enum(['major', 'minor']),
    energy: z.number().min(0).max(1),
    valence: z.number().min(-1).max(1),
    arousal: z.number().min(-1).max(1),
    brightness: z.number().min(0).max(1),
    danceability: z.number().min(0).max(1),
    dynamicRangeDb: z.number().min(0).max(60).default(8),
    mood: z.enum(MOODS),
    sections: z.array(z.number().min(0).max(1)).max(32).default([]),
    durationSec: z
      .number()
      .min(0)
      .max(6 * 3600)
      .default(0),
  })
  .strict() satisfies z.ZodType<PromptFeatures, any>

const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Number.isFinite(v) ? v : lo))

/**
 * Parses untrusted features; INVALID_INPUT names every bad field at once
 * ("bpm: Too big: expected number to be <=300; tonic: ...").
 */
export function parsePromptFeatures(input: unknown): PromptFeatures {
  const r = PromptFeaturesSchema.safeParse(input)
  if (r.success) return r.data
  const lines = r.error.issues.map((i) => `${i.path.join('.') || '(features)'}: ${i.message}`)
  throw new AppError('INVALID_INPUT', `invalid features: ${lines.join('; ')}`, { details: r.error.issues })
}

/** The prompt stage's view of a whole-track analysis, rounded and clamped into the schema's ranges. */
export function featuresFromAnalysis(a: AudioAnalysis): PromptFeatures {
  return {
    bpm: round(clamp(a.tempo.bpm, 30, 300), 1),
    bpmAlternatives: (a.tempo.alternatives ?? []).slice(0, 4).map((b) => round(clamp(b, 30, 300), 1)),
    tonic: a.key.tonic,
    mode: a.key.mode,
    energy: round(clamp(a.energy.level, 0, 1)),
    valence: round(clamp(a.mood.valence, -1, 1)),
    arousal: round(clamp(a.mood.arousal, -1, 1)),
    brightness: round(clamp(a.spectral.brightness, 0, 1)),
    danceability: round(clamp(a.mood.danceability, 0, 1)),
    dynamicRangeDb: round(clamp(a.energy.dynamicRangeDb, 0, 60), 1),
    mood: a.mood.label,
    sections: a.sections.slice(0, 32).map((s) => round(clamp(s.energy, 0, 1))),
    durationSec: round(clamp(a.durationSec, 0, 6 * 3600), 1),
  }
}
