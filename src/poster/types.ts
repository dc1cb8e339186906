// Types at the poster boundary: an artwork plus track facts in, finished files out.
import type { GeneratedImage, EngineId } from '../engine/engine.ts'
import type { Typography } from '../prompt/types.ts'

export type SizePreset = 'portrait' | 'square' | 'phone' | 'desktop'

export interface PosterInput {
  image: GeneratedImage
  size: SizePreset
  title: string
  author: string
  /** "128 BPM · A minor · 3:41" is built from these. */
  bpm: number
  keyLabel: string
  durationSec: number
  palette: string[]
  typography: Typography
  styleName: string
  /** Link for the QR code; no QR when absent. */
  qrUrl?: string
  /** Written into PNG tEXt chunks. */
  metadata: { prompt: string; seed: number; engine: EngineId; style: string; features: unknown }
}

export interface PosterOutput {
  png: Buffer
  thumbWebp: Buffer
  width: number
  height: number
}
