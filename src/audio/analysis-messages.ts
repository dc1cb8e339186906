// The analysis worker boundary: every message between the pool (main thread) and a worker.
import type { AnalysisPartial, AudioAnalysis } from './types.ts'

export type ToAnalysisWorker =
  /** Decode `path` with ffmpeg inside the worker (the PCM never crosses threads) and analyse it. */
  | { type: 'analyse'; id: number; path: string; ffmpegPath?: string; maxSeconds?: number }
  /** Stop analysis `id` at its next stage boundary (ffmpeg is killed at once). */
  | { type: 'cancel'; id: number }

export type FromAnalysisWorker =
  | { type: 'partial'; id: number; partial: AnalysisPartial }
  | { type: 'result'; id: number; analysis: AudioAnalysis; decodeMs: number; analysisMs: number }
  | { type: 'error'; id: number; code: string; message: string }
