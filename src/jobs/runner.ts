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
import {
  ACTIVE_STATES,
  isFinal,
  type JobRecord,
  type JobState,
  type NewPoster,
  type PosterRecord,
  type Store,
} from '../store/index.ts'
import type { PromptSet } from '../prompt/types.ts'
import type { PosterOutput } from '../poster/types.ts'
import { estimateEta, TIMED_STAGES, type EtaJob } from './eta.ts'
import { JobEvents } from './events.ts'
import { throttle } from '../throttle.ts'
import type { JobRequest } from './options.ts'
import { asDiskFull } from '../disk.ts'
import { posterFilePaths, removeUnreferenced, writePosterFiles, type PosterWriteOptions } from './poster-files.ts'

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
  /** Scale-out: jobs are handed to remote workers (BullMQ) instead of running in this process. */
  dispatcher?: Dispatcher
  /** Bytes DATA_DIR must keep free (DISK_MIN_FREE_MB): checked before each poster is written. */
  minFreeBytes?: number
  /** Poster file writer (tests inject ENOSPC). */
  writeFile?: PosterWriteOptions['writeFile']
}

/** Where jobs go when this process does not run them itself (see src/queue/cluster.ts). */
export interface Dispatcher {
  enqueue(job: JobRecord): Promise<void>
  /** Stops a queued or running job wherever it is. */
  cancel(jobId: string): void
}

/** What a poster row needs besides the job, the index and the files. */
export type PosterFacts = Omit<
  NewPoster,
  'jobId' | 'idx' | 'width' | 'height' | 'pngPath' | 'thumbPath' | 'bytes' | 'artPath' | 'artSvgPath'
>

/** Abort reason of a server shutdown, told apart from a user's cancel. */
const SHUTDOWN = 'shutdown'

// awaiting_prompts waits for a person, not for the server: a restart leaves it waiting.
const RECOVERABLE = ACTIVE_STATES.filter((s) => s !== 'awaiting_prompts')
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
  /** Jobs that ended while the store refused writes (full disk): final here, running in the row. */
  private readonly unrecorded = new Map<string, JobState>()

  constructor(private readonly deps: RunnerDeps) {
    this.events = new JobEvents(deps.store.jobs)
    queueDepth.set(deps.store.jobs.countActive())
  }

  /** Validated request in, queued job out; QUEUE_FULL when too many are waiting. */
  submit(req: JobRequest & { rerollOf?: number }): JobRecord {
    if (!this.accepting) throw new AppError('QUEUE_FULL', 'the server is shutting down; try again shortly')
    // Jobs that ended unrecorded (full disk) still count as active in the store: they hold no slot.
    const active = this.deps.store.jobs.countActive() - this.unrecorded.size
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
    const state = this.unrecorded.get(id) ?? job.state
    if (isFinal(state)) throw new AppError('JOB_NOT_CANCELLABLE', `job ${id} is already ${state}`)
    this.finish(id, 'cancelled')
    this.controllers.get(id)?.abort()
    this.deps.dispatcher?.cancel(id)
    return this.deps.store.jobs.get(id)!
  }

  /**
   * On start-up: jobs left running by a crash are resumed (audio and analysis are cached, so they
   * restart from their last finished stage) or, after too many attempts, failed with a reason.
   */
  recover(): { resumed: string[]; failed: string[] } {
    const out = { resumed: [] as string[], failed: [] as string[] }
    const max = this.deps.maxAttempts ?? 3
    for (const job of this.deps.store.jobs.inStates(RECOVERABLE)) {
      // Posters with a row are finished and kept; files without a row were cut short and go.
      removeUnreferenced(this.deps.dataDir, job.id, this.deps.store.posters.byJob(job.id).flatMap(posterFilePaths))
      // A queued job never ran, or was handed back by a clean shutdown: no attempt is used.
      const interrupted = job.state !== 'queued'
      if (interrupted && job.attempts + 1 >= max) {
        this.deps.store.jobs.setError(
          job.id,
          'INTERRUPTED',
          `the server stopped during "${job.state}" ${job.attempts + 1} times; giving up`,
        )
        this.finish(job.id, 'failed')
        out.failed.push(job.id)
        continue
      }
      if (interrupted) this.deps.store.jobs.bumpAttempts(job.id)
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

  /**
   * Stops taking jobs and aborts running ones (their ffmpeg and engine steps are killed/cancelled).
   * Jobs stopped this way go back to `queued` without using an attempt, so the next start resumes them;
   * a deploy is not a failure. Waits until every job has stopped, or `graceMs` at most.
   */
  async shutdown(graceMs = 5000): Promise<void> {
    this.accepting = false
    for (const ac of this.controllers.values()) ac.abort(SHUTDOWN)
    const all = Promise.allSettled([...this.running])
    let timer: NodeJS.Timeout | undefined
    const grace = new Promise((r) => (timer = setTimeout(r, graceMs).unref()))
    await Promise.race([all, grace])
    clearTimeout(timer)
  }

  /** Waits until no job is running (tests, CLI). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running])
  }

  private schedule(id: string): void {
    if (this.deps.dispatcher) return this.dispatch(id)
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
    if (!job || isFinal(job.state) || signal.aborted) return // shut down before it started: stays queued
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
        // the audio row itself is written once, by the pipeline's fetchTrack (services.ts)
        this.announceTrack(id, t.audioId, { cached: t.cached, ...t.meta })
        etaJob.trackSec = t.meta.durationSec
      },
      analysis: (p) => this.events.publish(id, 'analysis', p),
      prompts: (set) => this.recordPrompts(id, set),
      step: (step, total) => {
        etaJob.step = { k: step, n: total }
        this.events.publish(id, 'step', { step, total, eta: eta() })
      },
      poster: async ({ index, engine, output, prompt, seed, text, artSvg }) => {
        const meta = prepared!
        const { title, author, subtitle, ...compose } = text
        const rec = await this.storePoster(
          id,
          index,
          { ...output, artSvg },
          {
            audioId: meta.track.audioId,
            title,
            author,
            subtitle,
            upscaled: output.upscaled,
            compose,
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
          },
        )
        posters.push({ id: rec.id, index })
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
      // On a full disk SQLite may refuse writes too: every write below is best effort, so the job
      // still ends (events closed, slot freed) instead of staying "composing" for good.
      this.tryWrite(id, () => store.jobs.setTimings(id, timings))
      if (signal.aborted && signal.reason === SHUTDOWN) {
        this.requeue(id, current)
        return
      }
      if (signal.aborted || isAbort(e)) {
        this.finish(id, 'cancelled')
        return
      }
      const cause = asDiskFull(e)
      const err = isAppError(cause)
        ? cause
        : new AppError('INTERNAL', 'unexpected error while making posters', { cause: e })
      if (!isAppError(cause)) log.error({ err: e }, 'job failed')
      else log.warn({ code: err.code, msg: err.message }, 'job failed')
      if (err.code === 'DISK_FULL')
        removeUnreferenced(
          this.deps.dataDir,
          id,
          posters.flatMap((p) => this.posterPaths(p.id)),
        )
      this.tryWrite(id, () => store.jobs.setError(id, err.code, err.message))
      this.finish(id, 'failed', { error: { code: err.code, message: err.message } })
    }
  }

  private dispatch(id: string): void {
    const job = this.deps.store.jobs.get(id)
    if (!job) return
    const p = this.deps
      .dispatcher!.enqueue(job)
      .catch((e) => this.fail(id, new AppError('INTERNAL', 'could not queue the job', { cause: e })))
      .finally(() => this.running.delete(p))
    this.running.add(p)
  }

  /** The track is known: link it to the job and tell the listeners. */
  private announceTrack(id: string, audioId: string, meta: Record<string, unknown> & TrackFacts): void {
    this.deps.store.jobs.setAudio(id, audioId)
    this.events.publish(id, 'track', { audioId, ...meta })
  }

  recordPrompts(id: string, set: PromptSet): void {
    this.deps.store.media.setPrompts(
      id,
      set.prompts.map((p, idx) => ({ idx, text: p.text, tokens: p.tokens, seed: p.seed, explanation: p.explanation })),
    )
    this.events.publish(id, 'prompts', set)
  }

  /** Writes a finished poster's files and row, once per (job, index): a repeated delivery returns the first. */
  async storePoster(
    id: string,
    index: number,
    output: PosterOutput & { artSvg?: string },
    facts: PosterFacts,
  ): Promise<PosterRecord> {
    const { store, dataDir } = this.deps
    const existing = store.posters.byJob(id).find((p) => p.idx === index)
    if (existing) return existing
    const files = await writePosterFiles(dataDir, id, index, output, {
      minFreeBytes: this.deps.minFreeBytes,
      writeFile: this.deps.writeFile,
    })
    const rec = store.posters.insert({
      jobId: id,
      idx: index,
      ...facts,
      width: output.width,
      height: output.height,
      ...files,
    })
    this.events.publish(id, 'poster', { index, posterId: rec.id, width: output.width, height: output.height })
    return rec
  }

  /** A progress event from a remote worker: persisted like the local run's, then announced. */
  applyRemote(id: string, type: string, data: Record<string, unknown>): void {
    const job = this.deps.store.jobs.get(id)
    if (!job || isFinal(job.state)) return
    if (type === 'state') {
      this.deps.store.jobs.setState(id, data.state as JobState)
      if (data.timings) this.deps.store.jobs.setTimings(id, data.timings as Record<string, number>)
      this.events.publish(id, 'state', data)
    } else if (type === 'track') {
      // a remote worker fetched the track: this API has no row for it yet
      const { audioId, ...meta } = data as unknown as { audioId: string } & TrackFacts
      this.deps.store.media.upsertAudio({ id: audioId, ...meta, url: meta.url ?? null })
      this.announceTrack(id, audioId, meta)
    } else if (type === 'prompts') this.recordPrompts(id, data as unknown as PromptSet)
    else this.events.publish(id, type, data)
  }

  /** A remote worker finished the job. */
  completeRemote(id: string, outcome: { timings: Record<string, number>; result: Record<string, unknown> }): void {
    const { store } = this.deps
    const job = store.jobs.get(id)
    if (!job || isFinal(job.state)) return
    const posters = store.posters
      .byJob(id)
      .sort((a, b) => a.idx - b.idx)
      .map((p) => p.id)
    store.jobs.setTimings(id, outcome.timings)
    store.jobs.setResult(id, { ...outcome.result, posters })
    this.finish(id, 'done', { timings: outcome.timings, result: { ...outcome.result, posters } })
  }

  /** Fails a job with a typed error (remote failures, dispatch failures). */
  fail(id: string, err: AppError): void {
    this.deps.store.jobs.setError(id, err.code, err.message)
    this.finish(id, 'failed', { error: { code: err.code, message: err.message } })
  }

  /** Hands a job stopped by shutdown back to the queue; the next start resumes it from its cached stages. */
  private requeue(id: string, from: string): void {
    const saved = this.tryWrite(id, () => this.deps.store.jobs.setState(id, 'queued'))
    if (saved) this.events.publish(id, 'state', { state: 'queued', requeuedFrom: from }, { bestEffort: true })
    this.deps.logger.info({ jobId: id, from }, 'job handed back to the queue for the next start')
  }

  private posterPaths(posterId: number): string[] {
    const p = this.deps.store.posters.get(posterId)
    return p ? posterFilePaths(p) : []
  }

  /** Runs a store write; a failure (SQLITE_FULL) is logged instead of escaping a failure path. */
  private tryWrite(id: string, write: () => void): boolean {
    try {
      write()
      return true
    } catch (e) {
      this.deps.logger.error({ jobId: id, err: (e as Error).message }, 'could not record job state')
      return false
    }
  }

  /** Moves a job to a final state once; later calls for the same job are ignored. */
  private finish(id: string, state: JobState, extra: Record<string, unknown> = {}): void {
    const job = this.deps.store.jobs.get(id)
    if (!job || isFinal(job.state) || this.unrecorded.has(id)) return
    jobsFinished.inc({ state })
    const saved = this.tryWrite(id, () => this.deps.store.jobs.setState(id, state))
    if (!saved) this.unrecorded.set(id, state) // the row still says running: recover() retries it on restart
    // Live subscribers hear the end even when it could not be stored.
    this.events.publish(id, 'state', { state, ...extra }, { bestEffort: true })
  }
}

interface TrackFacts {
  source: string
  title: string
  author: string
  durationSec: number
  url?: string | null
}
