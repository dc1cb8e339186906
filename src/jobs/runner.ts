// The job runner: persisted states queued -> fetching -> analyzing -> prompting -> generating ->
// composing -> done | failed | cancelled. Preparation (download, analysis, prompts) runs up to two
// jobs at a time; the engine runs one batch at a time, so the next job's preparation overlaps the
// current job's generation. Every transition is written to SQLite before it is announced.
import { randomBytes } from 'node:crypto'
import PQueue from 'p-queue'
import { AppError, isAbort, isAppError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { jobStageDuration, jobsFinished, queueDepth } from '../metrics.ts'
import { prepare, render, type PipelineDeps, type PosterOptions, type Progress, type Stage } from '../pipeline.ts'
import type { TrackInput } from '../ingest/types.ts'
import { isFinal, JOB_STATES, type JobRecord, type JobState, type Store } from '../store/index.ts'
import { estimateEta, TIMED_STAGES, type EtaJob } from './eta.ts'
import { JobEvents } from './events.ts'
import type { JobRequest } from './options.ts'
import { removeUnreferenced, writePosterFiles } from './poster-files.ts'

export interface RunnerDeps {
  store: Store
  pipeline: PipelineDeps
  dataDir: string
  queueMax: number
  logger: Logger
  /** Jobs interrupted more often than this are failed on restart instead of resumed. */
  maxAttempts?: number
  /** The engine and device the next generation will use, for timing history (ETA); sketch on cpu if absent. */
  engineKey?: () => { engine: string; device: string }
}

// awaiting_prompts waits for a person, not for the server: a restart leaves it waiting.
const RUNNING: JobState[] = JOB_STATES.filter((s) => !isFinal(s) && s !== 'awaiting_prompts')
/** p-queue priorities: single interactive jobs go before batch jobs waiting in the same queue. */
const priorityOf = (o: { batch?: boolean }) => (o.batch ? 0 : 1)
const newJobId = () => `j_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`

export class JobRunner {
  readonly events: JobEvents
  private readonly prepQueue = new PQueue({ concurrency: 2 })
  private readonly engineQueue = new PQueue({ concurrency: 1 })
  private readonly controllers = new Map<string, AbortController>()
  private readonly running = new Set<Promise<void>>()
  private accepting = true

  constructor(private readonly deps: RunnerDeps) {
    this.events = new JobEvents(deps.store.jobs)
    queueDepth.set(deps.store.jobs.countActive())
  }

  /** Validated request in, queued job out; QUEUE_FULL when too many are waiting. */
  submit(req: JobRequest & { rerollOf?: number }): JobRecord {
    if (!this.accepting) throw new AppError('QUEUE_FULL', 'the server is shutting down; try again shortly')
    const active = this.deps.store.jobs.countActive()
    if (active >= this.deps.queueMax) {
      throw new AppError(
        'QUEUE_FULL',
        `the queue is full (${active} jobs waiting or running, limit ${this.deps.queueMax}); try again in a minute`,
      )
    }
    const { url, audioId, ...options } = req
    const input: TrackInput = url ? { url } : { audioId: audioId! }
    const id = newJobId()
    this.deps.store.jobs.create(id, input, options)
    this.events.publish(id, 'state', { state: 'queued' })
    this.schedule(id)
    queueDepth.set(this.deps.store.jobs.countActive())
    return this.deps.store.jobs.get(id)!
  }

  /**
   * Continues a job waiting in awaiting_prompts with the reviewed prompts (one per variation, already
   * checked against the token limit); the track and analysis come from the cache.
   */
  continueWithPrompts(id: string, prompts: string[]): JobRecord {
    const job = this.deps.store.jobs.get(id)
    if (!job) throw new AppError('JOB_NOT_FOUND', `no job ${id}`)
    if (job.state !== 'awaiting_prompts')
      throw new AppError('JOB_NOT_AWAITING_PROMPTS', `job ${id} is ${job.state}, not waiting for prompts`)
    const options = { ...(job.options as PosterOptions), prompts, variations: prompts.length, review: false }
    this.deps.store.jobs.setOptions(id, options)
    this.deps.store.jobs.setState(id, 'queued')
    this.events.publish(id, 'state', { state: 'queued' })
    this.schedule(id)
    return this.deps.store.jobs.get(id)!
  }

  /** Cancels a queued or running job; the engine stops at its next step boundary. */
  cancel(id: string): JobRecord {
    const job = this.deps.store.jobs.get(id)
    if (!job) throw new AppError('JOB_NOT_FOUND', `no job ${id}`)
    if (isFinal(job.state)) throw new AppError('JOB_NOT_CANCELLABLE', `job ${id} is already ${job.state}`)
    this.finish(id, 'cancelled')
    this.controllers.get(id)?.abort()
    return this.deps.store.jobs.get(id)!
  }

  /**
   * On start-up: jobs left running by a crash are resumed (audio and analysis are cached, so they
   * restart from their last finished stage) or, after too many attempts, failed with a reason.
   */
  recover(): { resumed: string[]; failed: string[] } {
    const out = { resumed: [] as string[], failed: [] as string[] }
    const max = this.deps.maxAttempts ?? 3
    for (const job of this.deps.store.jobs.inStates(RUNNING)) {
      // Posters with a row are finished and kept; files without a row were cut short and go.
      removeUnreferenced(
        this.deps.dataDir,
        job.id,
        this.deps.store.posters.byJob(job.id).flatMap((p) => [p.pngPath, p.thumbPath]),
      )
      if (job.attempts + 1 >= max) {
        this.deps.store.jobs.setError(
          job.id,
          'INTERRUPTED',
          `the server stopped during "${job.state}" ${job.attempts + 1} times; giving up`,
        )
        this.finish(job.id, 'failed')
        out.failed.push(job.id)
        continue
      }
      this.deps.store.jobs.bumpAttempts(job.id)
      this.deps.store.jobs.setState(job.id, 'queued')
      this.events.publish(job.id, 'state', { state: 'queued', resumedFrom: job.state })
      this.schedule(job.id)
      out.resumed.push(job.id)
    }
    return out
  }

  get depth(): { preparing: number; generating: number; waiting: number } {
    return {
      preparing: this.prepQueue.pending,
      generating: this.engineQueue.pending,
      waiting: this.prepQueue.size + this.engineQueue.size,
    }
  }

  /** Stops taking jobs and cancels running ones; interrupted jobs stay resumable on next start. */
  async shutdown(graceMs = 5000): Promise<void> {
    this.accepting = false
    this.prepQueue.clear()
    const all = Promise.allSettled([...this.running])
    const timer = new Promise((r) => setTimeout(r, graceMs).unref())
    await Promise.race([all, timer])
  }

  /** Waits until no job is running (tests, CLI). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running])
  }

  private schedule(id: string): void {
    const ac = new AbortController()
    this.controllers.set(id, ac)
    const priority = priorityOf((this.deps.store.jobs.get(id)?.options ?? {}) as PosterOptions)
    const p = this.prepQueue
      .add(() => this.run(id, ac.signal), { priority })
      .catch((e) => this.deps.logger.error({ err: e, jobId: id }, 'job runner crashed'))
      .finally(() => {
        this.controllers.delete(id)
        this.running.delete(p)
        queueDepth.set(this.deps.store.jobs.countActive())
      })
    this.running.add(p)
  }

  private async run(id: string, signal: AbortSignal): Promise<void> {
    const { store, pipeline, logger } = this.deps
    const job = store.jobs.get(id)
    if (!job || isFinal(job.state)) return
    const log = logger.child({ jobId: id })
    const opts = job.options as PosterOptions
    const timings: Record<string, number> = {}
    let stageStart = performance.now()
    let current: string = 'queued'
    const endStage = () => {
      const ms = performance.now() - stageStart
      timings[current] = Math.round((timings[current] ?? 0) + ms)
      jobStageDuration.observe({ stage: current }, ms / 1000)
      stageStart = performance.now()
    }
    const posters: { id: number; index: number }[] = []
    const key = {
      ...(this.deps.engineKey?.() ?? { engine: 'sketch', device: 'cpu' }),
      size: opts.size,
      steps: opts.steps,
    }
    const history = store.timings.recent(key)
    const etaJob: EtaJob = { state: 'queued', elapsedMs: 0, variations: opts.variations }
    const eta = () => estimateEta(history, { ...etaJob, elapsedMs: performance.now() - stageStart })
    const on: Progress = {
      signal,
      stage: (s: Stage) => {
        if (signal.aborted) return
        endStage()
        current = s
        store.jobs.setState(id, s)
        store.jobs.setTimings(id, timings)
        etaJob.state = s
        etaJob.step = undefined
        this.events.publish(id, 'state', { state: s, timings, eta: eta() })
        log.info({ stage: s }, 'stage')
      },
      download: throttle((p) => this.events.publish(id, 'download', p), 250),
      track: (t) => {
        store.media.upsertAudio({
          id: t.audioId,
          source: t.meta.source,
          title: t.meta.title,
          author: t.meta.author,
          durationSec: t.meta.durationSec,
          url: t.meta.url,
        })
        store.jobs.setAudio(id, t.audioId)
        etaJob.trackSec = t.meta.durationSec
        this.events.publish(id, 'track', { audioId: t.audioId, cached: t.cached, ...t.meta })
      },
      analysis: (p) => this.events.publish(id, 'analysis', p),
      prompts: (set) => {
        store.media.setPrompts(
          id,
          set.prompts.map((p, idx) => ({
            idx,
            text: p.text,
            tokens: p.tokens,
            seed: p.seed,
            explanation: p.explanation,
          })),
        )
        this.events.publish(id, 'prompts', set)
      },
      step: (step, total) => {
        etaJob.step = { k: step, n: total }
        this.events.publish(id, 'step', { step, total, eta: eta() })
      },
      poster: async ({ index, engine, output, prompt, seed }) => {
        const files = await writePosterFiles(this.deps.dataDir, id, index, output)
        const meta = prepared!
        const rec = store.posters.insert({
          jobId: id,
          idx: index,
          audioId: meta.track.audioId,
          title: meta.track.meta.title,
          author: meta.track.meta.author,
          style: opts.style,
          size: opts.size,
          engine,
          seed,
          prompt,
          bpm: meta.analysis.tempo.bpm,
          tonic: meta.analysis.key.tonic,
          mode: meta.analysis.key.mode,
          mood: meta.analysis.mood.label,
          palette: meta.promptSet.palette,
          width: output.width,
          height: output.height,
          ...files,
        })
        posters.push({ id: rec.id, index })
        this.events.publish(id, 'poster', { index, posterId: rec.id, width: output.width, height: output.height })
      },
    }
    let prepared: Awaited<ReturnType<typeof prepare>> | undefined
    try {
      prepared = await prepare(job.input as TrackInput, opts, pipeline, on)
      if (opts.review && !opts.prompts) {
        endStage()
        store.jobs.setTimings(id, timings)
        store.jobs.setState(id, 'awaiting_prompts')
        this.events.publish(id, 'state', { state: 'awaiting_prompts', timings, prompts: prepared.promptSet.prompts })
        return
      }
      const rendered = await this.engineQueue.add(
        async () => {
          if (signal.aborted) throw new AppError('CANCELLED', 'job was cancelled')
          const finished = new Set(store.posters.byJob(id).map((p) => p.idx))
          for (const p of store.posters.byJob(id)) posters.push({ id: p.id, index: p.idx })
          return render(prepared!, opts, pipeline, on, finished)
        },
        { priority: priorityOf(opts) },
      )
      endStage()
      const result = {
        engine: rendered!.generation.engine,
        engineTimings: rendered!.generation.timings,
        posters: posters.sort((a, b) => a.index - b.index).map((p) => p.id),
        analysis: {
          bpm: prepared.analysis.tempo.bpm,
          key: `${prepared.analysis.key.tonic} ${prepared.analysis.key.mode}`,
          mood: prepared.analysis.mood.label,
        },
      }
      store.jobs.setTimings(id, timings)
      store.jobs.setResult(id, result)
      const trackSec = prepared.analysis.durationSec
      store.timings.record(
        { ...key, engine: result.engine },
        TIMED_STAGES.filter((st) => timings[st] !== undefined).map((st) => ({
          stage: st,
          ms: timings[st],
          trackSec,
          variations: opts.variations,
        })),
      )
      this.finish(id, 'done', { timings, result })
    } catch (e) {
      endStage()
      store.jobs.setTimings(id, timings)
      if (signal.aborted || isAbort(e)) {
        this.finish(id, 'cancelled')
        return
      }
      const err = isAppError(e) ? e : new AppError('INTERNAL', 'unexpected error while making posters', { cause: e })
      if (!isAppError(e)) log.error({ err: e }, 'job failed')
      else log.warn({ code: err.code, msg: err.message }, 'job failed')
      store.jobs.setError(id, err.code, err.message)
      this.finish(id, 'failed', { error: { code: err.code, message: err.message } })
    }
  }

  /** Moves a job to a final state once; later calls for the same job are ignored. */
  private finish(id: string, state: JobState, extra: Record<string, unknown> = {}): void {
    const job = this.deps.store.jobs.get(id)
    if (!job || isFinal(job.state)) return
    this.deps.store.jobs.setState(id, state)
    jobsFinished.inc({ state })
    this.events.publish(id, 'state', { state, ...extra })
  }
}

function throttle<T>(fn: (v: T) => void, ms: number): (v: T) => void {
  let last = 0
  return (v) => {
    const now = Date.now()
    if (now - last >= ms) {
      last = now
      fn(v)
    }
  }
}
