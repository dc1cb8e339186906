// An analysis worker thread: decodes a file (ffmpeg) and runs analyseAudio on it, one request at a
// time, posting each partial result as it is known, so the server's event loop never runs the DSP.
import { setPriority } from 'node:os'
import { parentPort } from 'node:worker_threads'
import { isAppError } from '../errors.ts'
import { analyseAudio } from './analyse.ts'
import type { FromAnalysisWorker, ToAnalysisWorker } from './analysis-messages.ts'
import { decodeAudio } from './decode.ts'

// On Linux a nice value belongs to one thread (setpriority(2)): this thread, and the ffmpeg it
// spawns, yield the CPU to the server's event loop. Elsewhere it would slow the whole process.
if (process.platform === 'linux') setPriority(10)

const port = parentPort!
const send = (m: FromAnalysisWorker) => port.postMessage(m)
const running = new Map<number, AbortController>()

port.on('message', async (msg: ToAnalysisWorker) => {
  if (msg.type === 'cancel') return running.get(msg.id)?.abort()
  const { id } = msg
  const ac = new AbortController()
  running.set(id, ac)
  try {
    const t0 = performance.now()
    const pcm = await decodeAudio(msg.path, {
      ffmpegPath: msg.ffmpegPath,
      maxSeconds: msg.maxSeconds,
      signal: ac.signal,
    })
    const t1 = performance.now()
    const analysis = await analyseAudio(pcm, {
      signal: ac.signal,
      onPartial: (partial) => send({ type: 'partial', id, partial }),
    })
    send({ type: 'result', id, analysis, decodeMs: t1 - t0, analysisMs: performance.now() - t1 })
  } catch (e) {
    send({
      type: 'error',
      id,
      code: isAppError(e) ? e.code : 'ANALYSIS_FAILED',
      message: isAppError(e) ? e.message : `analysis failed: ${String((e as Error)?.message ?? e)}`,
    })
  } finally {
    running.delete(id)
  }
})
