// /api/jobs: create (202), read, live events (SSE), cancel, and a ZIP of the finished posters.
import { Hono } from 'hono'
import { stream } from 'hono/streaming'
import { createReadStream } from 'node:fs'
import yazl from 'yazl'
import { AppError } from '../../errors.ts'
import { jobRequestSchema } from '../../jobs/options.ts'
import { parseYouTubeUrl } from '../../ingest/youtube-url.ts'
import { z } from 'zod'
import { checkCustomPrompts, getStyle } from '../../prompt/index.ts'
import { resolveInside } from '../../jobs/poster-files.ts'
import type { AppDeps } from '../deps.ts'
import { streamJobEvents } from '../sse.ts'
import { jsonBody } from '../validate.ts'
import { jobView } from '../views.ts'

export const ReviewedPromptsSchema = z
  .object({ prompts: z.array(z.string().trim().min(1).max(600)).min(1).max(8) })
  .strict()

const JOB_ID = /^j_[0-9a-z]{6,12}[0-9a-f]{10}$/

export function jobRoutes(deps: AppDeps) {
  const app = new Hono()
  const { store, runner } = deps
  const requestSchema = jobRequestSchema(deps.config.defaults)
  const findJob = (id: string) => {
    const job = JOB_ID.test(id) ? store.jobs.get(id) : undefined
    if (!job) throw new AppError('JOB_NOT_FOUND', `no job with id ${JSON.stringify(id.slice(0, 40))}`)
    return job
  }

  app.post('/', async (c) => {
    const req = await jsonBody(c, requestSchema)
    // Fail fast on what can be checked now, so the caller gets a 4xx rather than a failed job.
    getStyle(req.style)
    if (req.prompts) checkCustomPrompts(req.prompts)
    if (req.url) parseYouTubeUrl(req.url)
    if (req.audioId?.startsWith('up_') && !deps.lookupAudio(req.audioId))
      throw new AppError('AUDIO_NOT_FOUND', `no uploaded audio ${req.audioId}; upload it again`)
    const job = runner.submit(req)
    c.header('Location', `/api/jobs/${job.id}`)
    return c.json(jobView(job, store), 202)
  })

  app.get('/', (c) => c.json({ items: store.jobs.list(20).map((j) => jobView(j, store)) }))

  app.get('/:id', (c) => c.json(jobView(findJob(c.req.param('id')), store)))

  app.get('/:id/events', (c) => {
    const job = findJob(c.req.param('id'))
    return streamJobEvents(c, job.id, runner.events)
  })

  // The reviewed prompts of a job in awaiting_prompts: it goes on to paint them.
  app.post('/:id/prompts', async (c) => {
    const job = findJob(c.req.param('id'))
    const { prompts } = await jsonBody(c, ReviewedPromptsSchema)
    checkCustomPrompts(prompts)
    return c.json(jobView(runner.continueWithPrompts(job.id, prompts), store), 202)
  })

  app.delete('/:id', (c) => c.json(jobView(runner.cancel(findJob(c.req.param('id')).id), store)))

  app.get('/:id/zip', (c) => {
    const job = findJob(c.req.param('id'))
    const posters = store.posters.byJob(job.id)
    if (!posters.length) throw new AppError('POSTER_NOT_FOUND', `job ${job.id} has no finished posters yet`)
    const zip = new yazl.ZipFile()
    const slug =
      (posters[0].title || 'poster')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 40) || 'poster'
    for (const p of posters) {
      const file = resolveInside(deps.config.dataDir, p.pngPath)
      if (file) zip.addReadStream(createReadStream(file), `${slug}-${p.idx + 1}.png`, { compress: false })
    }
    const audio = job.audioId ? store.media.getAudio(job.audioId) : undefined
    const analysis = job.audioId ? store.media.latestAnalysis(job.audioId) : undefined
    const manifest = {
      job: { id: job.id, options: job.options, timings: job.timings, createdAt: job.createdAt },
      track: audio ?? null,
      analysis: analysis ?? null,
      prompts: store.media.getPrompts(job.id),
      posters: posters.map((p) => ({
        file: `${slug}-${p.idx + 1}.png`,
        title: p.title,
        artist: p.author,
        subtitle: p.subtitle,
        size: p.size,
        upscaled: p.upscaled,
        seed: p.seed,
        engine: p.engine,
        prompt: p.prompt,
        palette: p.palette,
        width: p.width,
        height: p.height,
      })),
    }
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), 'mus2pic.json')
    zip.end()
    c.header('Content-Type', 'application/zip')
    c.header('Content-Disposition', `attachment; filename="${slug}-${job.id}.zip"`)
    return stream(c, async (s) => {
      for await (const chunk of zip.outputStream) await s.write(chunk as Uint8Array)
    })
  })
  return app
}
