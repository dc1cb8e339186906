// The LCM ImageEngine: one worker thread owns the sessions; generate() sends the whole batch and
// relays step progress; an AbortSignal flips a shared flag the worker checks between steps.
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../errors.ts'
import { engineStepDuration } from '../../metrics.ts'
import type { EngineInfo, GenerateHooks, GenerateRequest, GenerateResult, ImageEngine } from '../engine.ts'
import type { FromWorker, ToWorker } from './messages.ts'
import type { SessionOptions } from './onnx-session.ts'

export interface LcmEngineOptions extends SessionOptions {
  modelDir: string
}

/** The parent's flags minus its tsx loader (`--import tsx` or `--import=tsx`): the worker entry loads tsx itself. */
export function withoutTsxImport(argv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--import' && argv[i + 1]?.includes('tsx')) i++
    else if (!(argv[i].startsWith('--import=') && argv[i].includes('tsx'))) out.push(argv[i])
  }
  return out
}

export function createLcmEngine(o: LcmEngineOptions): ImageEngine {
  let worker: Worker | undefined
  let loaded: Promise<void> | undefined
  let loadMs: number | undefined
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
    worker.on('error', (e) => {
      for (const p of pending.values())
        p.reject(new AppError('ENGINE_FAILED', `the engine worker crashed: ${e.message}`))
      pending.clear()
      worker = undefined
      loaded = undefined
    })
    worker.unref()
    return worker
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
      device: o.device,
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
        (m) => void (loadMs = m.type === 'loaded' ? Math.round(m.loadMs) : undefined),
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
      await worker?.terminate()
      worker = undefined
      loaded = undefined
    },
  }
  return engine
}
