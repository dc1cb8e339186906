// The engine's worker thread: owns the ONNX sessions (loaded once) and runs one generation at a time,
// so session.run never blocks the server's event loop.
import { parentPort } from 'node:worker_threads'
import { isAppError } from '../../errors.ts'
import type { FromWorker, ToWorker } from './messages.ts'
import { LcmPipeline } from './pipeline.ts'

let pipeline: Promise<LcmPipeline> | undefined
const port = parentPort!
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer)
const fail = (id: number, e: unknown) =>
  send({
    type: 'error',
    id,
    code: isAppError(e) ? e.code : 'ENGINE_FAILED',
    message: isAppError(e) ? e.message : String((e as Error)?.message ?? e),
  })

port.on('message', async (msg: ToWorker) => {
  if (msg.type === 'load') {
    const t0 = performance.now()
    try {
      pipeline ??= LcmPipeline.load(msg.modelDir, msg.options)
      await pipeline
      send({ type: 'loaded', id: msg.id, loadMs: performance.now() - t0 })
    } catch (e) {
      pipeline = undefined
      fail(msg.id, e)
    }
  } else if (msg.type === 'generate') {
    try {
      if (!pipeline) throw new Error('generate before load')
      const p = await pipeline
      const out = await p.generate(msg.request, {
        onStep: (step, total, seconds) => send({ type: 'step', id: msg.id, step, total, seconds }),
        cancelled: () => Atomics.load(msg.cancel, 0) !== 0,
      })
      // only the RGB bytes cross the thread boundary: the floats stay in the worker
      const buffers = out.images.map((i) => i.data.buffer as ArrayBuffer)
      send({ type: 'result', id: msg.id, images: out.images, timings: out.timings }, buffers)
    } catch (e) {
      fail(msg.id, e)
    }
  }
})
