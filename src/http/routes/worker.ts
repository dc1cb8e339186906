// /api/worker: what remote workers (BullMQ, `mus2pic worker`) call, authenticated with WORKER_TOKEN:
// a job's state and the posters it already has, an upload's audio, and the delivery of each finished
// poster (idempotent per job and index: a re-delivered job never makes a duplicate).
import { Hono, type Context, type Next } from 'hono'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { stream } from 'hono/streaming'
import { timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../../errors.ts'
import { isFinal } from '../../store/index.ts'
import { workerPosters } from '../../metrics.ts'
import type { AppDeps } from '../deps.ts'

const JOB_ID = /^j_[0-9a-z]{6,12}[0-9a-f]{10}$/
/** A poster PNG at the largest print size stays well below this. */
const MAX_DELIVERY_BYTES = 256 * 1024 * 1024

const Facts = z.object({
  index: z.number().int().min(0).max(63),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  audioId: z.string().nullable(),
  title: z.string(),
  author: z.string(),
  subtitle: z.string().optional(),
  upscaled: z.boolean(),
  compose: z.record(z.string(), z.unknown()),
  style: z.string(),
  size: z.string(),
  engine: z.string(),
  seed: z.number().int(),
  prompt: z.string(),
  bpm: z.number(),
  tonic: z.string(),
  mode: z.string(),
  mood: z.string(),
  palette: z.array(z.string()),
})

export function workerRoutes(deps: AppDeps, token: string) {
  const app = new Hono()
  const expected = Buffer.from(token)
  app.use('*', async (c: Context, next: Next) => {
    const given = Buffer.from(c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new AppError('UNAUTHORIZED', 'worker routes need the WORKER_TOKEN as a bearer token')
    return next()
  })
  const findJob = (id: string) => {
    const job = JOB_ID.test(id) ? deps.store.jobs.get(id) : undefined
    if (!job) throw new AppError('JOB_NOT_FOUND', `no job with id ${JSON.stringify(id.slice(0, 40))}`)
    return job
  }

  app.get('/jobs/:id', (c) => {
    const job = findJob(c.req.param('id'))
    const delivered = deps.store.posters.byJob(job.id).map((p) => p.idx)
    return c.json({ state: job.state, delivered })
  })

  app.put('/jobs/:id/posters/:index', async (c) => {
    const job = findJob(c.req.param('id'))
    if (isFinal(job.state) && job.state !== 'done')
      throw new AppError('JOB_NOT_CANCELLABLE', `job ${job.id} is ${job.state}: the poster is not wanted any more`)
    const length = Number(c.req.header('content-length') ?? 0)
    if (length > MAX_DELIVERY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'poster delivery too large')
    const body = await c.req.parseBody()
    const facts = Facts.safeParse(safeJson(body.facts))
    const { png, thumb, art, artSvg } = body
    const files = [png, thumb, art].every((f) => f instanceof File)
    if (!facts.success || !files || String(facts.data.index) !== c.req.param('index'))
      throw new AppError('INVALID_INPUT', 'a delivery needs facts (JSON), png, thumb and art files, a matching index')
    const { index, width, height, upscaled, ...rest } = facts.data
    const bytes = async (f: unknown) => Buffer.from(await (f as File).arrayBuffer())
    const rec = await deps.runner.storePoster(
      job.id,
      index,
      {
        png: await bytes(png),
        thumbWebp: await bytes(thumb),
        artPng: await bytes(art),
        artSvg: artSvg instanceof File ? await artSvg.text() : undefined,
        width,
        height,
        upscaled,
      },
      { ...rest, upscaled },
    )
    workerPosters.inc({ worker: (c.req.header('x-mus2pic-worker') ?? 'unknown').slice(0, 80) })
    return c.json({ posterId: rec.id }, 201)
  })

  app.get('/audio/:audioId', async (c) => {
    const track = deps.lookupAudio(c.req.param('audioId'))
    if (!track) throw new AppError('AUDIO_NOT_FOUND', 'no such audio')
    const size = (await stat(track.path)).size
    c.header('Content-Type', 'application/octet-stream')
    c.header('Content-Length', String(size))
    c.header('x-mus2pic-title', encodeURIComponent(track.meta.title))
    c.header('x-mus2pic-author', encodeURIComponent(track.meta.author))
    return stream(c, async (s) => {
      for await (const chunk of createReadStream(track.path)) await s.write(chunk as Uint8Array)
    })
  })
  return app
}

function safeJson(v: unknown): unknown {
  try {
    return typeof v === 'string' ? JSON.parse(v) : undefined
  } catch {
    return undefined
  }
}
