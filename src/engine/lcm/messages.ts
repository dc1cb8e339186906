// The worker boundary: every message between the engine (main thread) and its worker.
import type { GeneratedImage } from '../engine.ts'
import type { LcmRequest } from './pipeline.ts'
import type { SessionOptions } from './onnx-session.ts'

export type ToWorker =
  | { type: 'load'; id: number; modelDir: string; options: SessionOptions }
  /** `cancel` is an Int32Array over a SharedArrayBuffer: [0] != 0 means stop at the next step. */
  | { type: 'generate'; id: number; request: LcmRequest; cancel: Int32Array }

export type FromWorker =
  /** `fallback`: the requested provider failed and the sessions now run on CPU; says why. */
  | { type: 'loaded'; id: number; loadMs: number; fallback?: string }
  | { type: 'step'; id: number; step: number; total: number }
  | {
      type: 'result'
      id: number
      images: GeneratedImage[]
      floats: Float32Array
      timings: Record<string, number>
      fallback?: string
    }
  | { type: 'error'; id: number; code: string; message: string }
