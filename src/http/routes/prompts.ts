// POST /api/prompts: prompts without images, from a URL, a cached audio ID, or features the caller
// already has. The fast path ({features} or a cached analysis) never decodes audio.
import { Hono } from 'hono'
import { z } from 'zod'
import {
  countPromptTokens,
  CONTEXT_LENGTH,
  buildPrompts,
  featuresFromAnalysis,
  getStyle,
  DEFAULT_STYLE,
  PromptFeaturesSchema,
} from '../../prompt/index.ts'
import type { AppDeps } from '../deps.ts'
import { jsonBody } from '../validate.ts'
import { SeedSchema, TrackRefShape } from '../../jobs/options.ts'

export const PromptsRequestSchema = z
  .object({
    ...TrackRefShape,
    features: PromptFeaturesSchema.optional(),
    style: z.string().min(1).max(40).default(DEFAULT_STYLE),
    count: z.number().int().min(1).max(8).default(4),
    seed: SeedSchema,
  })
  .strict()
  .refine((r) => [r.url, r.audioId, r.features].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of url, audioId or features',
  })

export function promptRoutes(deps: AppDeps) {
  const app = new Hono()
  app.post('/', async (c) => {
    const t0 = performance.now()
    const req = await jsonBody(c, PromptsRequestSchema)
    const style = getStyle(req.style)
    let features = req.features
    let timings: Record<string, number> = {}
    let track: { audioId: string; title: string; author: string; durationSec: number; url?: string } | undefined
    if (!features) {
      const input = req.url ? { url: req.url } : { audioId: req.audioId! }
      const r = await deps.analyseInput(input, { signal: c.req.raw.signal })
      features = featuresFromAnalysis(r.analysis)
      timings = r.timings
      track = {
        audioId: r.track.audioId,
        title: r.track.meta.title,
        author: r.track.meta.author,
        durationSec: r.track.meta.durationSec,
        url: r.track.meta.url,
      }
    }
    const t1 = performance.now()
    const set = buildPrompts(features, { style: style.id, count: req.count, seed: req.seed })
    timings.promptMs = round(performance.now() - t1)
    timings.totalMs = round(performance.now() - t0)
    return c.json({
      style: set.style,
      prompts: set.prompts,
      palette: set.palette,
      negative: set.negative,
      features,
      track,
      timings,
    })
  })
  return app
}

const round = (ms: number) => Math.round(ms * 100) / 100

/** POST /api/tokens {text} -> {tokens, limit}: the live count under each prompt being edited. */
export function tokenRoutes() {
  const app = new Hono()
  const schema = z.object({ text: z.string().max(2000) }).strict()
  app.post('/', async (c) => {
    const { text } = await jsonBody(c, schema)
    return c.json({ tokens: countPromptTokens(text), limit: CONTEXT_LENGTH })
  })
  return app
}
