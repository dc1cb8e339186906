// The job request as the API and CLI accept it (zod), with the defaults a person expects.
import { z } from 'zod'
import { AppError } from '../errors.ts'
import type { SizePreset } from '../poster/types.ts'

export const SIZE_PRESET_IDS = [
  'portrait',
  'square',
  'phone',
  'desktop',
  'feed',
  'cover',
  'a4',
  'a3',
  'print-18x24',
] as const satisfies readonly SizePreset[]

// control characters would reach PNG text chunks and file names
const words = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.replace(/[\x00-\x1f\x7f]/g, ' ').trim())

/** Your own words on the poster; an empty artist or subtitle leaves that line out. */
export const PosterWordsSchema = z.object({
  title: words(200)
    .refine((s) => s.length > 0, 'title must not be empty')
    .optional(),
  artist: words(200).optional(),
  subtitle: words(200).optional(),
})

/** A 32-bit seed: the same seed, song and style give the same prompts and posters. */
export const SeedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1)
  .optional()

export const PosterOptionsSchema = z.object({
  style: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9-]+$/, 'style ids are lower-case words joined by "-"')
    .default('swiss'),
  variations: z.number().int().min(1).max(8).default(4),
  size: z.enum(SIZE_PRESET_IDS).default('portrait'),
  seed: SeedSchema,
  steps: z.number().int().min(1).max(8).default(4),
  guidance: z.number().min(1).max(20).default(8.5),
  qr: z.boolean().default(true),
  ...PosterWordsSchema.shape,
  /** Prompts as the person wrote them, one per variation (each <= 77 CLIP tokens, checked by the route). */
  prompts: z.array(z.string().trim().min(1).max(600)).min(1).max(8).optional(),
  /** Stop after analysis in state awaiting_prompts, so the suggested prompts can be edited. */
  review: z.boolean().optional(),
  /** Batch jobs yield to single interactive jobs in the queue. */
  batch: z.boolean().optional(),
})

/** Which track: a YouTube link or a known audio ID (API jobs, prompts and batches share it). */
export const TrackRefShape = {
  url: z.string().min(1).max(2048).optional(),
  audioId: z
    .string()
    .regex(/^([A-Za-z0-9_-]{11}|up_[0-9a-f]{16})$/, 'audioId is a video ID or an upload ID (up_...)')
    .optional(),
}

export const JobRequestSchema = z
  .object(TrackRefShape)
  .extend(PosterOptionsSchema.shape)
  .strict()
  .refine((r) => (r.url ? 1 : 0) + (r.audioId ? 1 : 0) === 1, { message: 'give exactly one of url or audioId' })
  // given prompts decide the number of variations
  .transform((r) => (r.prompts ? { ...r, variations: r.prompts.length } : r))

export type JobRequest = z.infer<typeof JobRequestSchema>

/** The server's defaults for what a request leaves out (config DEFAULT_*). */
export interface JobDefaults {
  style: string
  variations: number
  size: string
  steps: number
}

/** JobRequestSchema with the configured defaults filling what the request leaves out (or sets to undefined). */
export function jobRequestSchema(d: JobDefaults) {
  return z.preprocess((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v
    const given = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined))
    return { style: d.style, variations: d.variations, size: d.size, steps: d.steps, ...given }
  }, JobRequestSchema)
}

/** Checks configured defaults against what exists; CONFIG_INVALID names the variable to fix. */
export function checkJobDefaults(d: JobDefaults, styleIds: readonly string[]): void {
  const bad: string[] = []
  if (!styleIds.includes(d.style)) bad.push(`DEFAULT_STYLE: no style "${d.style}" (one of ${styleIds.join(', ')})`)
  if (!(SIZE_PRESET_IDS as readonly string[]).includes(d.size))
    bad.push(`DEFAULT_SIZE: no size "${d.size}" (one of ${SIZE_PRESET_IDS.join(', ')})`)
  if (bad.length) throw new AppError('CONFIG_INVALID', `invalid configuration:\n  ${bad.join('\n  ')}`)
}
