// /api/batches: several songs at once with the same options. Inputs are links or upload IDs; a playlist
// link expands to its videos (capped at 25). Every input is checked before any job starts; the jobs are
// batch jobs, which yield to single interactive jobs in the queue. One ZIP holds the whole batch.
import { Hono } from 'hono'
import { stream } from 'hono/streaming'
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import yazl from 'yazl'
import { z } from 'zod'
import { AppError } from '../../errors.ts'
import { playlistIdOf } from '../../ingest/playlist.ts'
import { canonicalYouTubeUrl, parseYouTubeUrl } from '../../ingest/youtube-url.ts'
import { jobRequestSchema } from '../../jobs/options.ts'
import { resolveInside } from '../../jobs/poster-files.ts'
import { getStyle } from '../../prompt/index.ts'
import { isFinal, type JobRecord } from '../../store/index.ts'
import type { AppDeps } from '../deps.ts'
import { jsonBody } from '../validate.ts'
import { jobView } from '../views.ts'

/** Most songs in one batch (and in one expanded playlist). */
export const MAX_BATCH = 25

const Input = z.union([
  z.object({ url: z.string().min(1).max(2048) }).strict(),
  z.object({ audioId: z.string().max(40) }).strict(),
])
export const BatchBody = z.object({ inputs: z.array(Input).min(1).max(MAX_BATCH) }).passthrough()
const BATCH_ID = /^b_[0-9a-z]{6,12}[0-9a-f]{8}$/
const newBatchId = () => `b_${Date.now().toString(36)}${randomBytes(4).toString('hex')}`

export function batchRoutes(deps: AppDeps) {
  const app = new Hono()
  const { store, runner } = deps
  const requestSchema = jobRequestSchema(deps.config.defaults)
  const find = (id: string) => {
    const b = BATCH_ID.test(id) ? store.batches.get(id) : undefined
    if (!b) throw new AppError('NOT_FOUND', `no batch ${JSON.stringify(id.slice(0, 40))}`)
    return b
  }

  app.post('/', async (c) => {
    const { inputs, ...options } = await jsonBody(c, BatchBody)
    if ('prompts' in options || 'review' in options)
      throw new AppError('INVALID_INPUT', 'a batch takes no prompts and no review: each song gets its own prompts')
    // playlists become their videos; everything is checked before the first job is queued
    const expanded: ({ url: string } | { audioId: string })[] = []
    for (const input of inputs) {
      const list = 'url' in input ? playlistIdOf(input.url) : null
      if (!list) {
        expanded.push(input)
        continue
      }
      if (!deps.expandPlaylist) throw new AppError('INVALID_URL', 'playlists are not supported on this server')
      for (const id of await deps.expandPlaylist(list)) expanded.push({ url: canonicalYouTubeUrl(id) })
    }
    if (expanded.length > MAX_BATCH)
      throw new AppError('INVALID_INPUT', `a batch holds at most ${MAX_BATCH} songs; this one has ${expanded.length}`)
    const requests = expanded.map((input, i) => {
      try {
        const req = requestSchema.parse({ ...options, ...input, batch: true })
        getStyle(req.style)
        if (req.url) parseYouTubeUrl(req.url)
        if (req.audioId?.startsWith('up_') && !deps.lookupAudio(req.audioId))
          throw new AppError('AUDIO_NOT_FOUND', `no uploaded audio ${req.audioId}; upload it again`)
        return req
      } catch (e) {
        if (e instanceof AppError) throw new AppError(e.code, `input ${i + 1}: ${e.message}`, { cause: e })
        throw e
      }
    })
    const active = store.jobs.countActive()
    if (active + requests.length > deps.config.limits.queueMax)
      throw new AppError(
        'QUEUE_FULL',
        `${requests.length} songs do not fit the queue (${active} waiting or running, limit ${deps.config.limits.queueMax})`,
      )
    const jobs = requests.map((r) => runner.submit(r))
    const id = newBatchId()
    store.batches.create(
      id,
      jobs.map((j) => j.id),
    )
    c.header('Location', `/api/batches/${id}`)
    return c.json(batchView(id, jobs), 202)
  })

  app.get('/:id', (c) => {
    const b = find(c.req.param('id'))
    const jobs = b.jobIds.map((j) => store.jobs.get(j)).filter((j): j is JobRecord => !!j)
    return c.json(batchView(b.id, jobs))
  })

  app.get('/:id/zip', (c) => {
    const b = find(c.req.param('id'))
    const zip = new yazl.ZipFile()
    let files = 0
    b.jobIds.forEach((jobId, n) => {
      for (const p of store.posters.byJob(jobId)) {
        const file = resolveInside(deps.config.dataDir, p.pngPath)
        if (!file) continue
        const s = slug(p.title)
        // one folder per song, numbered in input order: two songs with one title stay apart
        zip.addReadStream(createReadStream(file), `${String(n + 1).padStart(2, '0')}-${s}/${s}-${p.idx + 1}.png`, {
          compress: false,
        })
        files++
      }
    })
    if (!files) throw new AppError('POSTER_NOT_FOUND', `batch ${b.id} has no finished posters yet`)
    zip.end()
    c.header('Content-Type', 'application/zip')
    c.header('Content-Disposition', `attachment; filename="mus2pic-${b.id}.zip"`)
    return stream(c, async (s) => {
      for await (const chunk of zip.outputStream) await s.write(chunk as Uint8Array)
    })
  })

  function batchView(id: string, jobs: JobRecord[]) {
    const done = jobs.every((j) => isFinal(j.state))
    return {
      id,
      state: done ? 'done' : 'running',
      counts: {
        total: jobs.length,
        done: jobs.filter((j) => j.state === 'done').length,
        failed: jobs.filter((j) => j.state === 'failed' || j.state === 'cancelled').length,
      },
      jobs: jobs.map((j) => {
        const v = jobView(j, store)
        return { id: v.id, state: v.state, input: v.input, track: v.track, error: v.error, posters: v.posters }
      }),
      zipUrl: `/api/batches/${id}/zip`,
    }
  }
  return app
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'song'
