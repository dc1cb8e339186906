// The LCM ImageEngine: one worker thread owns the sessions; generate() sends the whole batch and
// relays step progress; an AbortSignal flips a shared flag the worker checks between steps.
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../errors.ts'
import { engineStepDuration } from '../../metrics.ts'
import type { EngineInfo, GenerateHooks, GenerateRequest, GenerateResult, ImageEngine } from '../engine.ts'
import type { FromWorker, ToWorker } from './messages.ts'
import type { SessionOptions } from './onnx-session.ts'
import { withoutTsxImport } from '../../worker-argv.ts'

export { withoutTsxImport }

export interface LcmEngineOptions extends SessionOptions {
  modelDir: string
  /** Why `device` was chosen (execution-provider.ts), for info(). */
  deviceReason?: string
  /** Model folder name and precision, for info(). */
  model?: string
  dtype?: 'fp32' | 'fp16'
  /** Told when the sessions fell back to CPU (the caller logs it). */
  onFallback?: (message: string) => void
}

export function createLcmEngine(o: LcmEngineOptions): ImageEngine {
  let worker: Worker | undefined
  let loaded: Promise<void> | undefined
  let loadMs: number | undefined
  let device = o.device
  let deviceReason = o.deviceReason
  const fellBack = (message?: string) => {
    if (!message) return
    device = 'cpu'
    deviceReason = `CPU (${message})`
    o.onFallback?.(message)
  }
  let nextId = 1
  const pending = new Map<
    number,
    { resolve: (m: FromWorker) => void; reject: (e: Error) => void; onStep?: (s: number, n: number) => void }
  >()

  const start = () => {
    // A JS entry that loads the TypeScript worker through tsx, however the parent loaded TypeScript.
    worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      execArgv: withoutTsxImport(process.execArgv),
    })
    worker.on('message', (m: FromWorker) => {
      const p = pending.get(m.id)
      if (!p) return
      if (m.type === 'step') {
        // prom-client's registry lives in this thread: the worker reports, the main thread observes
        engineStepDuration.observe({ engine: 'lcm' }, m.seconds)
        return p.onStep?.(m.step, m.total)
      }
      pending.delete(m.id)
      if (!pending.size) worker?.unref() // an idle engine must not keep the process alive
      if (m.type === 'error') p.reject(new AppError(m.code as ErrorCode, m.message))
      else p.resolve(m)
    })
    const w = worker
    worker.on('error', (e) => stopped(w, new AppError('ENGINE_FAILED', `the engine worker crashed: ${e.message}`)))
    // An exit without an error event (out of memory, process.exit in native code) must settle calls too.
    worker.on('exit', (code) => stopped(w, new AppError('ENGINE_FAILED', `the engine worker exited (code ${code})`)))
    worker.unref()
    return worker
  }
  /** The worker `w` is gone: every call waiting on it fails with `e` and the next call starts a new one. */
  const stopped = (w: Worker | undefined, e: AppError) => {
    if (w !== worker) return // an old worker's late exit: its calls were settled when it was replaced
    for (const p of pending.values()) p.reject(e)
    pending.clear()
    worker = undefined
    loaded = undefined
  }
  type Outgoing = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never
  const call = (msg: Outgoing, onStep?: (s: number, n: number) => void) =>
    new Promise<FromWorker>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject, onStep })
      const w = worker ?? start()
      w.ref()
      w.postMessage({ ...msg, id } as ToWorker)
    })

  const engine: ImageEngine = {
    id: 'lcm',
    info: (): EngineInfo => ({
      id: 'lcm',
      name: 'LCM Dreamshaper v7 (ONNX Runtime)',
      device,
      deviceReason,
      model: o.model,
      dtype: o.dtype,
      loaded: loadMs !== undefined,
      available: true,
      files: [],
      loadMs,
    }),
    async load() {
      loaded ??= call({
        type: 'load',
        modelDir: o.modelDir,
        options: { device: o.device, intraOpThreads: o.intraOpThreads, interOpThreads: o.interOpThreads },
      }).then(
        (m) => {
          loadMs = m.type === 'loaded' ? Math.round(m.loadMs) : undefined
          if (m.type === 'loaded') fellBack(m.fallback)
        },
        (e) => {
          loaded = undefined
          throw e
        },
      )
      return loaded
    },
    async generate(req: GenerateRequest, hooks: GenerateHooks = {}): Promise<GenerateResult> {
      const firstLoad = loadMs === undefined
      await engine.load()
      if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'generation was cancelled')
      const cancel = new Int32Array(new SharedArrayBuffer(4))
      const onAbort = () => Atomics.store(cancel, 0, 1)
      hooks.signal?.addEventListener('abort', onAbort, { once: true })
      try {
        const m = await call(
          {
            type: 'generate',
            request: {
              prompts: req.prompts,
              seeds: req.seeds,
              steps: req.steps,
              guidance: req.guidance,
              width: req.width,
              height: req.height,
            },
            cancel,
          },
          hooks.onStep,
        )
        if (m.type !== 'result') throw new AppError('ENGINE_FAILED', 'unexpected reply from the engine worker')
        fellBack(m.fallback)
        return {
          images: m.images,
          engine: 'lcm',
          timings: { ...m.timings, ...(firstLoad && loadMs !== undefined ? { load: loadMs } : {}) },
        }
      } finally {
        hooks.signal?.removeEventListener('abort', onAbort)
      }
    },
    async close() {
      const w = worker
      stopped(w, new AppError('CANCELLED', 'the engine was closed'))
      await w?.terminate()
    },
  }
  return engine
}
