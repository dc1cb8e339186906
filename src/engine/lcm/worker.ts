// The engine's worker thread: owns the ONNX sessions (loaded once) and runs one generation at a time,
// so session.run never blocks the server's event loop. An accelerator that fails to load or fails its
// first run is replaced by CPU sessions (the reply says why) instead of failing the job.
import { parentPort } from 'node:worker_threads'
import { isAppError } from '../../errors.ts'
import { withCpuFallback } from './execution-provider.ts'
import type { FromWorker, ToWorker } from './messages.ts'
import type { SessionOptions } from './onnx-session.ts'
import { LcmPipeline } from './pipeline.ts'

let pipeline: Promise<LcmPipeline> | undefined
let loadedWith: { modelDir: string; options: SessionOptions } | undefined
let proven = false // a run has succeeded on the current device
const port = parentPort!
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer)
const fail = (id: number, e: unknown) =>
  send({
    type: 'error',
    id,
    code: isAppError(e) ? e.code : 'ENGINE_FAILED',
    message: isAppError(e) ? e.message : String((e as Error)?.message ?? e),
  })

/** Loads (or reloads on another device) the sessions. */
function load(modelDir: string, options: SessionOptions): Promise<LcmPipeline> {
  if (!pipeline || loadedWith?.options.device !== options.device) {
    loadedWith = { modelDir, options }
    proven = false
    pipeline = LcmPipeline.load(modelDir, options).catch((e) => {
      pipeline = undefined
      throw e
    })
  }
  return pipeline
}

port.on('message', async (msg: ToWorker) => {
  if (msg.type === 'load') {
    const t0 = performance.now()
    try {
      const r = await withCpuFallback(msg.options.device, (device) => load(msg.modelDir, { ...msg.options, device }))
      send({ type: 'loaded', id: msg.id, loadMs: performance.now() - t0, fallback: r.fallback })
    } catch (e) {
      pipeline = undefined
      fail(msg.id, e)
    }
  } else if (msg.type === 'generate') {
    try {
      if (!pipeline || !loadedWith) throw new Error('generate before load')
      const { modelDir, options } = loadedWith
      const run = async (device: SessionOptions['device']) =>
        (await load(modelDir, { ...options, device })).generate(msg.request, {
          onStep: (step, total, seconds) => send({ type: 'step', id: msg.id, step, total, seconds }),
          cancelled: () => Atomics.load(msg.cancel, 0) !== 0,
        })
      // Only the first run on an accelerator may fall back; later failures are real errors.
      const r = proven ? { value: await run(options.device) } : await withCpuFallback(options.device, run)
      proven = true
      const out = r.value
      // only the RGB bytes cross the thread boundary: the floats stay in the worker
      const buffers = out.images.map((i) => i.data.buffer as ArrayBuffer)
      const fallback = 'fallback' in r ? r.fallback : undefined
      send({ type: 'result', id: msg.id, images: out.images, timings: out.timings, fallback }, buffers)
    } catch (e) {
      fail(msg.id, e)
    }
  }
})
