// /api/posters: the gallery (keyset pages + filters), one poster, favourite and new words (re-composed),
// delete, image files: poster PNG, thumbnail, art-only PNG and (vector artwork) the poster as SVG.
// Files are found through the database row, never from a path in the URL.
import { Hono } from 'hono'
import { randomInt } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { AppError } from '../../errors.ts'
import { PosterWordsSchema, SeedSchema, SIZE_PRESET_IDS } from '../../jobs/options.ts'
import { artFileOf, posterSvgFor, recomposePoster } from '../../jobs/poster-edit.ts'
import { posterFilePaths, removeFiles, resolveInside } from '../../jobs/poster-files.ts'
import type { AppDeps } from '../deps.ts'
import { intParam, jsonBody, query } from '../validate.ts'
import { jobView, posterView } from '../views.ts'
import { fileName, revokeShare, sharePoster } from './shares.ts'

const num = (min: number, max: number) => z.coerce.number().min(min).max(max).optional()
export const GalleryQuery = z
  .object({
    style: z.string().max(40).optional(),
    engine: z.enum(['lcm', 'sketch']).optional(),
    key: z.enum(['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']).optional(),
    mode: z.enum(['major', 'minor']).optional(),
    mood: z.string().max(20).optional(),
    bpmMin: num(0, 400),
    bpmMax: num(0, 400),
    favourite: z
      .enum(['true', 'false', '1', '0'])
      .transform((v) => v === 'true' || v === '1')
      .optional(),
    q: z.string().max(200).optional(),
    jobId: z.string().max(40).optional(),
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict()

export const PatchBody = PosterWordsSchema.extend({ favourite: z.boolean().optional() })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'give favourite, title, artist or subtitle',
  })

const RerollSchema = z.object({ seed: SeedSchema }).strict()

export function posterRoutes(deps: AppDeps) {
  const app = new Hono()
  const { store } = deps
  const find = (raw: string) => {
    const p = store.posters.get(intParam(raw, 'POSTER_NOT_FOUND'))
    if (!p) throw new AppError('POSTER_NOT_FOUND', `no poster ${raw}`)
    return p
  }

  app.get('/', (c) => {
    const { key, ...f } = query(c, GalleryQuery)
    const page = store.posters.list({ ...f, tonic: key })
    const next = page.nextBefore
      ? new URLSearchParams({ ...c.req.query(), before: String(page.nextBefore) }).toString()
      : null
    return c.json({
      items: page.items.map(posterView),
      nextBefore: page.nextBefore,
      next: next ? `/api/posters?${next}` : null,
    })
  })

  app.get('/:id', (c) => c.json(posterView(find(c.req.param('id')))))

  // favourite, and/or new words: re-composed over the stored artwork, nothing generated again
  app.patch('/:id', async (c) => {
    const p = find(c.req.param('id'))
    const body = await jsonBody(c, PatchBody)
    const { favourite, ...words } = body
    if (Object.values(words).some((v) => v !== undefined)) await recomposePoster(store, deps.config.dataDir, p, words)
    if (favourite !== undefined) store.posters.setFavourite(p.id, favourite)
    return c.json(posterView(store.posters.get(p.id)!))
  })

  app.get('/:id/art.png', async (c) => {
    const p = find(c.req.param('id'))
    const path = artFileOf(deps.config.dataDir, p)
    const data = path ? await readFile(path).catch(() => undefined) : undefined
    if (!data) throw new AppError('POSTER_NOT_EDITABLE', `poster ${p.id} has no stored artwork`)
    c.header('Content-Type', 'image/png')
    if (c.req.query('download')) c.header('Content-Disposition', `attachment; filename="${fileName(p, '-art.png')}"`)
    return c.body(new Uint8Array(data))
  })

  app.get('/:id/poster.svg', async (c) => {
    const p = find(c.req.param('id'))
    const svg = await posterSvgFor(deps.config.dataDir, p)
    c.header('Content-Type', 'image/svg+xml; charset=utf-8')
    // outlined text and shapes only, but an SVG opened directly must not run anything
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
    if (c.req.query('download')) c.header('Content-Disposition', `attachment; filename="${fileName(p, '.svg')}"`)
    return c.body(svg)
  })

  app.delete('/:id', async (c) => {
    const p = find(c.req.param('id'))
    store.posters.delete(p.id) // row first: never a row pointing at a missing file
    await removeFiles(deps.config.dataDir, posterFilePaths(p))
    return c.body(null, 204)
  })

  app.post('/:id/share', (c) => sharePoster(c, deps, find(c.req.param('id'))))
  app.delete('/:id/share', (c) => revokeShare(c, deps, find(c.req.param('id'))))

  // One more variation of a poster: the same prompt, style and size with a new seed, as a one-poster job.
  app.post('/:id/reroll', async (c) => {
    const p = find(c.req.param('id'))
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0
    const { seed } = hasBody ? await jsonBody(c, RerollSchema) : { seed: undefined }
    if (!p.audioId || !deps.lookupAudio(p.audioId))
      throw new AppError('AUDIO_NOT_FOUND', `the song of poster ${p.id} is no longer cached; make it again`)
    const job = store.jobs.get(p.jobId)
    const base = (job?.options ?? {}) as { steps?: number; guidance?: number; qr?: boolean }
    const created = deps.runner.submit({
      audioId: p.audioId,
      style: p.style,
      size: p.size as (typeof SIZE_PRESET_IDS)[number],
      variations: 1,
      prompts: [p.prompt],
      seed: seed ?? randomInt(0, 2 ** 32 - 1),
      steps: base.steps ?? 4,
      guidance: base.guidance ?? 8.5,
      qr: base.qr ?? true,
      // the words as they stand on the poster (the track's, or the person's own)
      title: p.title,
      artist: p.author,
      subtitle: p.subtitle,
      rerollOf: p.id,
    })
    c.header('Location', `/api/jobs/${created.id}`)
    return c.json(jobView(created, store), 202)
  })

  const file = (kind: 'png' | 'thumb') => async (c: import('hono').Context) => {
    const p = find(c.req.param('id')!)
    const path = resolveInside(deps.config.dataDir, kind === 'png' ? p.pngPath : p.thumbPath)
    const data = path ? await readFile(path).catch(() => undefined) : undefined
    if (!data) throw new AppError('POSTER_NOT_FOUND', `the file of poster ${p.id} is gone`)
    c.header('Content-Type', kind === 'png' ? 'image/png' : 'image/webp')
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    if (c.req.query('download')) c.header('Content-Disposition', `attachment; filename="${fileName(p)}"`)
    return c.body(new Uint8Array(data))
  }
  app.get('/:id/image.png', file('png'))
  app.get('/:id/thumb.webp', file('thumb'))
  return app
}
