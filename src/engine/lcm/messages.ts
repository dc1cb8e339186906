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
  /** `seconds`: wall time of this denoising step (UNet run + scheduler) in the worker. */
  | { type: 'step'; id: number; step: number; total: number; seconds: number }
  | { type: 'result'; id: number; images: GeneratedImage[]; timings: Record<string, number>; fallback?: string }
  | { type: 'error'; id: number; code: string; message: string }
