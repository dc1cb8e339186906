// The job request as the API and CLI accept it (zod), with the defaults a person expects.
import { z } from 'zod'

export const SIZE_PRESET_IDS = ['portrait', 'square', 'phone', 'desktop'] as const

export const PosterOptionsSchema = z.object({
  style: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9-]+$/, 'style ids are lower-case words joined by "-"')
    .default('swiss'),
  variations: z.number().int().min(1).max(8).default(4),
  size: z.enum(SIZE_PRESET_IDS).default('portrait'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  steps: z.number().int().min(1).max(8).default(4),
  guidance: z.number().min(1).max(20).default(8.5),
  qr: z.boolean().default(true),
})

export const JobRequestSchema = z
  .object({
    url: z.string().min(1).max(2048).optional(),
    audioId: z
      .string()
      .regex(/^([A-Za-z0-9_-]{11}|up_[0-9a-f]{16})$/, 'audioId is a video ID or an upload ID (up_...)')
      .optional(),
  })
  .extend(PosterOptionsSchema.shape)
  .strict()
  .refine((r) => (r.url ? 1 : 0) + (r.audioId ? 1 : 0) === 1, { message: 'give exactly one of url or audioId' })

export type JobRequest = z.infer<typeof JobRequestSchema>
