// A small pool of analysis worker threads: each request (a file path) is decoded and analysed in a
// worker, partial results are relayed as they come, at most `queueMax` requests wait for a free
// worker (more -> BUSY), a cancelled request frees its worker, and a crashed worker is replaced.
import { Worker } from 'node:worker_threads'
import { AppError, cancelled, type ErrorCode } from '../errors.ts'
import { withoutTsxImport } from '../worker-argv.ts'
import type { FromAnalysisWorker, ToAnalysisWorker } from './analysis-messages.ts'
import type { AnalysisPartial, AudioAnalysis } from './types.ts'

export interface AnalysisPoolOptions {
  /** Worker threads, >= 1; started on demand. */
  size: number
  /** Requests allowed to wait for a free worker, >= 0; one more is refused with BUSY. */
  queueMax: number
  /** Explicit ffmpeg binary (FFMPEG_PATH). */
  ffmpegPath?: string
  /** How long a cancelled analysis may take to stop by itself before its worker is terminated, ms. */
  cancelGraceMs?: number
  /** An idle worker exits after this many ms, giving its memory back (the next start costs ~0.5 s). */
  idleMs?: number
  /** Worker entry module; tests swap in one that can crash. */
  workerUrl?: URL
}

export interface AnalyseFileRequest {
  /** A local audio file of any format ffmpeg reads. */
  path: string
  /** Decode at most this many seconds from the start. */
  maxSeconds?: number
}

export interface AnalyseFileResult {
  analysis: AudioAnalysis
  timings: { decodeMs: number; analysisMs: number; queueMs: number }
}

export interface AnalyseFileHooks {
  signal?: AbortSignal
  onPartial?: (p: AnalysisPartial) => void
}

export interface AnalysisPoolStats {
  size: number
  /** Live worker threads. */
  workers: number
  /** Workers running an analysis (or stopping a cancelled one). */
  busy: number
  /** Requests waiting for a worker. */
  queued: number
  /** Workers that crashed or exited on their own since start. */
  crashed: number
}

export interface AnalysisPool {
  analyse(req: AnalyseFileRequest, hooks?: AnalyseFileHooks): Promise<AnalyseFileResult>
  stats(): AnalysisPoolStats
  /** Rejects queued and running requests with CANCELLED and stops every worker. */
  close(): Promise<void>
}

interface Task {
  id: number
  req: AnalyseFileRequest
  hooks: AnalyseFileHooks
  /** performance.now() when asked; then the ms it waited for a worker. */
  queuedAt: number
  queueMs: number
  settled: boolean
  resolve(r: AnalyseFileResult): void
  reject(e: Error): void
  detach(): void
}

interface Slot {
  worker: Worker
  task?: Task
  /** Set once its worker is being terminated (cancel grace over, or close). */
  stopping: boolean
  crash?: string
  idleTimer?: NodeJS.Timeout
}

const DEFAULT_ENTRY = new URL('./analysis-worker-entry.mjs', import.meta.url)

export function createAnalysisPool(o: AnalysisPoolOptions): AnalysisPool {
  const size = Math.max(1, Math.floor(o.size))
  const grace = o.cancelGraceMs ?? 250
  const idleMs = o.idleMs ?? 60_000
  const slots = new Set<Slot>()
  const queue: Task[] = []
  let nextId = 1
  let crashed = 0
  let closed = false

  const settle = (t: Task, outcome: { value: AnalyseFileResult } | { error: Error }) => {
    if (t.settled) return
    t.settled = true
    t.detach()
    if ('value' in outcome) t.resolve(outcome.value)
    else t.reject(outcome.error)
  }

  const spawn = (): Slot => {
    const worker = new Worker(o.workerUrl ?? DEFAULT_ENTRY, { execArgv: withoutTsxImport(process.execArgv) })
    const slot: Slot = { worker, stopping: false }
    worker.on('message', (m: FromAnalysisWorker) => {
      const t = slot.task
      if (!t || t.id !== m.id) return
      if (m.type === 'partial') {
        if (!t.settled) t.hooks.onPartial?.(m.partial)
        return
      }
      if (m.type === 'result') {
        const timings = { decodeMs: m.decodeMs, analysisMs: m.analysisMs, queueMs: t.queueMs }
        settle(t, { value: { analysis: m.analysis, timings } })
      } else settle(t, { error: new AppError(m.code as ErrorCode, m.message) })
      release(slot)
    })
    worker.on('error', (e) => (slot.crash = e.message))
    worker.on('exit', (code) => {
      slots.delete(slot)
      if (!slot.stopping) crashed++
      const t = slot.task
      slot.task = undefined
      if (t) {
        const why = slot.crash ? `: ${slot.crash}` : ` with code ${code}`
        settle(t, { error: new AppError('ANALYSIS_FAILED', `the analysis worker stopped${why}`) })
      }
      pump() // a replacement starts when work is waiting
    })
    worker.unref() // an idle pool must not keep the process alive
    slots.add(slot)
    return slot
  }

  const release = (slot: Slot) => {
    slot.task = undefined
    slot.worker.unref()
    pump()
    if (!slot.task) slot.idleTimer = setTimeout(() => !slot.task && !slot.stopping && stop(slot), idleMs).unref()
  }

  const run = (slot: Slot, t: Task) => {
    clearTimeout(slot.idleTimer)
    slot.task = t
    t.queueMs = performance.now() - t.queuedAt
    slot.worker.ref()
    const msg: ToAnalysisWorker = {
      type: 'analyse',
      id: t.id,
      path: t.req.path,
      ffmpegPath: o.ffmpegPath,
      maxSeconds: t.req.maxSeconds,
    }
    slot.worker.postMessage(msg)
  }

  const freeSlot = (): Slot | undefined => {
    for (const s of slots) if (!s.task && !s.stopping) return s
    return slots.size < size ? spawn() : undefined
  }

  function pump() {
    while (queue.length && !closed) {
      const slot = freeSlot()
      if (!slot) return
      run(slot, queue.shift()!)
    }
  }

  const stop = (slot: Slot) => {
    slot.stopping = true
    void slot.worker.terminate()
  }

  /** The caller left: a waiting task just leaves the queue; a running one is asked to stop, then terminated. */
  const abandon = (t: Task) => {
    const at = queue.indexOf(t)
    if (at >= 0) queue.splice(at, 1)
    settle(t, { error: cancelled('analysis') })
    for (const slot of slots) {
      if (slot.task !== t) continue
      slot.worker.postMessage({ type: 'cancel', id: t.id } satisfies ToAnalysisWorker)
      // The DSP yields only between stages: if a stage runs long, stop the thread instead.
      setTimeout(() => slot.task === t && stop(slot), grace).unref()
    }
  }

  return {
    analyse(req, hooks = {}) {
      if (closed) return Promise.reject(new AppError('BUSY', 'the analysis pool is shutting down; try again shortly'))
      if (hooks.signal?.aborted) return Promise.reject(cancelled('analysis'))
      return new Promise<AnalyseFileResult>((resolve, reject) => {
        const onAbort = () => abandon(t)
        const t: Task = {
          id: nextId++,
          req,
          hooks,
          queuedAt: performance.now(),
          queueMs: 0,
          settled: false,
          resolve,
          reject,
          detach: () => hooks.signal?.removeEventListener('abort', onAbort),
        }
        const slot = freeSlot()
        if (slot) run(slot, t)
        else if (queue.length >= o.queueMax) {
          return reject(
            new AppError(
              'BUSY',
              `all ${size} analysis workers are busy and ${queue.length} analyses are waiting; try again shortly`,
            ),
          )
        } else queue.push(t)
        hooks.signal?.addEventListener('abort', onAbort, { once: true })
      })
    },
    stats() {
      let busy = 0
      for (const s of slots) if (s.task) busy++
      return { size, workers: slots.size, busy, queued: queue.length, crashed }
    },
    async close() {
      closed = true
      for (const t of queue.splice(0)) settle(t, { error: cancelled('analysis') })
      const exits: Promise<unknown>[] = []
      for (const slot of slots) {
        if (slot.task) settle(slot.task, { error: cancelled('analysis') })
        clearTimeout(slot.idleTimer)
        slot.stopping = true
        exits.push(slot.worker.terminate())
      }
      await Promise.allSettled(exits)
    },
  }
}
