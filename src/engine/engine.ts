// The ImageEngine interface: prompts in, RGB images out. Implementations: lcm/ (ONNX Runtime in a
// worker thread) and sketch/ (built-in generative artwork). Nothing here knows about HTTP or jobs.
import type { PromptFeatures } from '../prompt/types.ts'

export type EngineId = 'lcm' | 'sketch'

/** Where the engine computes: an ONNX Runtime execution provider, or the CPU for the sketch engine. */
export type EngineDevice = 'cpu' | 'cuda' | 'coreml' | 'dml'

export interface EngineInfo {
  id: EngineId
  name: string
  device: EngineDevice
  /** Why this device: which provider runs and why the others were not used (LCM). */
  deviceReason?: string
  /** Model folder name (LCM_MODEL) and its precision, read from the UNet graph (LCM). */
  model?: string
  dtype?: 'fp32' | 'fp16'
  loaded: boolean
  /** Whether the engine can run here (model files present, etc.). */
  available: boolean
  /** Model files with their presence, for LCM. */
  files: { path: string; present: boolean; bytes?: number }[]
  loadMs?: number
  note?: string
}

export interface GenerateRequest {
  prompts: string[]
  /** One seed per prompt (same length as prompts), or one base seed. */
  seeds: number[]
  steps: number
  guidance: number
  width: number
  height: number
  /** Variation index (0-based) of each prompt in its job: the sketch engine's layout; LCM ignores it. */
  variations?: number[]
  /** What the sketch engine draws from; LCM ignores it. */
  art?: { features: PromptFeatures; palette: string[]; style: string }
}

export interface GeneratedImage {
  width: number
  height: number
  /** Packed RGB, width*height*3 bytes. */
  data: Uint8Array
  seed: number
  /** The same artwork as SVG, when the engine draws vectors (sketch): lets the poster be offered as SVG. */
  svg?: string
  /** Whether the picture shows the prompt's subject; absent means it was generated from the prompt itself. */
  depicts?: boolean
}

export interface GenerateResult {
  images: GeneratedImage[]
  engine: EngineId
  /** Milliseconds per stage, e.g. { textEncoder, unet, vae, total } or { render }. */
  timings: Record<string, number>
}

export interface GenerateHooks {
  /** Called after each denoising step (1-based) of the whole batch. */
  onStep?: (step: number, total: number) => void
  signal?: AbortSignal
}

export interface ImageEngine {
  readonly id: EngineId
  info(): EngineInfo
  load(): Promise<void>
  generate(req: GenerateRequest, hooks?: GenerateHooks): Promise<GenerateResult>
  close(): Promise<void>
}
