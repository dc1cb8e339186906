// `mus2pic worker`: takes jobs from the BullMQ queue one at a time (one engine per process), gets the
// audio itself (YouTube through its own cache, uploads from the API), analyses, generates and composes,
// reports progress through BullMQ and hands each poster to the API. No database, no shared disk.
import { UnrecoverableError, Worker, type Job } from 'bullmq'
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../config.ts'
import { AppError, ERROR_CODES, isAbort, isAppError } from '../errors.ts'
import type { TrackInput } from '../ingest/types.ts'
import type { Logger } from '../logger.ts'
import { prepare, render, type Progress, type Stage } from '../pipeline.ts'
import { createServices, type ServiceOverrides } from '../services.ts'
import { openStore } from '../store/index.ts'
import { throttle } from '../throttle.ts'
import { ApiClient } from './api-client.ts'
import { redisConnection } from './connection.ts'
import { cancelChannel, encodeFailure, type JobOutcome, type QueuedJob } from './messages.ts'

export interface RunningWorker {
  id: string
  close(): Promise<void>
}

const FINAL = ['done', 'failed', 'cancelled']

export async function startWorker(config: Config, logger: Logger, over: ServiceOverrides = {}): Promise<RunningWorker> {
  const cluster = config.cluster
  if (!cluster || !cluster.apiUrl || !cluster.workerToken) {
    throw new AppError(
      'CONFIG_INVALID',
      'a worker needs REDIS_URL, API_URL and WORKER_TOKEN (the same token as the API)',
    )
  }
  const id = `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`
  // the worker's own audio cache lives in DATA_DIR; analyses are kept in memory only: no database file
  const services = await createServices(config, logger, { ...over, store: openStore(':memory:') })
  const api = new ApiClient({ baseUrl: cluster.apiUrl, token: cluster.workerToken, worker: id, logger })
  const controllers = new Map<string, AbortController>()
  const sub = redisConnection(cluster.redisUrl)
  sub.on('error', (err) => logger.warn({ err: err.message }, 'redis'))
  sub.on('message', (_channel, jobId: string) => controllers.get(jobId)?.abort())
  await sub.subscribe(cancelChannel(cluster.queueName))
  const tmpDir = join(config.dataDir, 'tmp')
  mkdirSync(tmpDir, { recursive: true })

  const processJob = async (job: Job<QueuedJob, JobOutcome>): Promise<JobOutcome> => {
    const { jobId, options } = job.data
    const ac = new AbortController()
    controllers.set(jobId, ac)
    const log = logger.child({ jobId, attempt: job.attemptsMade + 1 })
    const send = (type: string, data: object) =>
      void job
        .updateProgress({ type, data, worker: id } as never)
        .catch((e) => log.warn({ err: e.message }, 'progress'))
    const timings: Record<string, number> = {}
    let current = 'queued'
    let since = performance.now()
    const endStage = () => {
      timings[current] = Math.round((timings[current] ?? 0) + performance.now() - since)
      since = performance.now()
    }
    try {
      const status = await api.jobStatus(jobId, ac.signal)
      if (FINAL.includes(status.state)) return { cancelled: true, worker: id, timings, result: {} }
      const { input, names } = await localInput(job.data.input, ac.signal)
      // the upload's title and artist as the API knows them (the worker's copy has only its content)
      const pipelineDeps = names
        ? {
            ...services.pipeline,
            fetchTrack: async (i: TrackInput, o: Parameters<typeof services.pipeline.fetchTrack>[1]) => {
              const t = await services.pipeline.fetchTrack(i, o)
              return { ...t, meta: { ...t.meta, ...names } }
            },
          }
        : services.pipeline
      const on: Progress = {
        signal: ac.signal,
        stage: (s: Stage) => {
          endStage()
          current = s
          send('state', { state: s, timings: { ...timings } })
        },
        download: throttle((p) => send('download', p), 250),
        track: (t) => send('track', { audioId: t.audioId, cached: t.cached, ...t.meta }),
        analysis: (p) => send('analysis', p),
        prompts: (set) => send('prompts', set),
        step: (step, total) => send('step', { step, total }),
        poster: async ({ index, engine, output, prompt, seed, text, artSvg }) => {
          const p = prepared!
          const { title, author, subtitle, ...compose } = text
          const taken = await api.deliverPoster(
            jobId,
            {
              index,
              width: output.width,
              height: output.height,
              audioId: p.track.audioId,
              title,
              author,
              subtitle,
              upscaled: output.upscaled,
              compose,
              style: options.style,
              size: options.size,
              engine,
              seed,
              prompt,
              bpm: p.analysis.tempo.bpm,
              tonic: p.analysis.key.tonic,
              mode: p.analysis.key.mode,
              mood: p.analysis.mood.label,
              palette: p.promptSet.palette,
            },
            { ...output, artSvg },
          )
          if (!taken) ac.abort()
        },
      }
      const prepared: Awaited<ReturnType<typeof prepare>> = await prepare(input, options, pipelineDeps, on)
      // a job that went to another worker before (stalled, killed) skips what the API already has
      const rendered = await render(prepared, options, pipelineDeps, on, new Set(status.delivered))
      endStage()
      log.info({ worker: id }, 'job done')
      return {
        worker: id,
        timings,
        result: {
          engine: rendered.generation.engine,
          engineTimings: rendered.generation.timings,
          analysis: {
            bpm: prepared.analysis.tempo.bpm,
            key: `${prepared.analysis.key.tonic} ${prepared.analysis.key.mode}`,
            mood: prepared.analysis.mood.label,
          },
        },
      }
    } catch (e) {
      if (ac.signal.aborted || isAbort(e)) return { cancelled: true, worker: id, timings, result: {} }
      const err = isAppError(e) ? e : new AppError('INTERNAL', 'unexpected error while making posters', { cause: e })
      log.warn({ code: err.code, msg: err.message, err: isAppError(e) ? undefined : e }, 'job failed')
      const reason = encodeFailure(err.code, err.message)
      // the caller's mistakes (a private video, a too-short track) fail at once; the rest is retried
      throw ERROR_CODES[err.code] >= 500 && err.code !== 'CONFIG_INVALID'
        ? new Error(reason)
        : new UnrecoverableError(reason)
    } finally {
      controllers.delete(jobId)
    }
  }

  /** Uploads live on the API: a worker that has not seen one fetches it into its own cache first. */
  const uploadNames = new Map<string, { title: string; author: string }>()
  const localInput = async (
    input: TrackInput,
    signal: AbortSignal,
  ): Promise<{ input: TrackInput; names?: { title: string; author: string } }> => {
    if (!('audioId' in input) || !services.ingest.uploads.isUploadId(input.audioId)) return { input }
    const known = uploadNames.get(input.audioId)
    if (known && services.ingest.lookup(input.audioId)) return { input, names: known }
    const tmp = join(tmpDir, `fetch-${input.audioId}-${randomBytes(4).toString('hex')}.part`)
    try {
      const got = await api.downloadAudio(input.audioId, tmp, signal)
      const track = await services.ingest.putUpload(tmp, input.audioId)
      const names = { title: got.title ?? track.meta.title, author: got.author ?? track.meta.author }
      uploadNames.set(input.audioId, names)
      return { input: { audioId: track.audioId }, names }
    } finally {
      await rm(tmp, { force: true })
    }
  }

  const connection = redisConnection(cluster.redisUrl, { blocking: true })
  const worker = new Worker<QueuedJob, JobOutcome>(cluster.queueName, processJob, {
    connection,
    concurrency: 1, // one engine per process: parallelism comes from batching and more workers
    lockDuration: cluster.lockMs,
    stalledInterval: cluster.stalledMs,
    maxStalledCount: 2,
    ...(cluster.rateMax > 0 ? { limiter: { max: cluster.rateMax, duration: cluster.rateMs } } : {}),
  })
  worker.on('error', (err) => logger.warn({ err: err.message }, 'worker'))
  await worker.waitUntilReady()
  logger.info({ worker: id, queue: cluster.queueName, api: cluster.apiUrl }, 'worker ready')

  return {
    id,
    async close() {
      for (const ac of controllers.values()) ac.abort()
      await worker.close()
      connection.disconnect() // BullMQ leaves a connection it was given open
      sub.disconnect()
      await services.close()
    },
  }
}
