// Types at the poster boundary: an artwork plus track facts in, finished files out.
import type { GeneratedImage, EngineId } from '../engine/engine.ts'
import type { Typography } from '../prompt/types.ts'

export type SizePreset = 'portrait' | 'square' | 'phone' | 'desktop' | 'feed' | 'cover' | 'a4' | 'a3' | 'print-18x24'

/** What goes on the poster besides the artwork; kept with the poster so it can be re-composed. */
export interface PosterText {
  size: SizePreset
  title: string
  /** Left out when empty. */
  author: string
  /** An optional line under the artist (e.g. "Live at the Roundhouse"); left out when empty. */
  subtitle?: string
  /** "≈92 BPM · A minor · 3:41" is built from these. */
  bpm: number
  /** 0..1; below TEMPO_SURE the poster prints "≈". */
  bpmConfidence?: number
  /** Other plausible tempi, best first (may be missing). */
  bpmAlternatives?: number[]
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

export interface PosterInput extends PosterText {
  image: GeneratedImage
  /** The artwork as SVG when the engine drew vectors (sketch): enables the SVG poster. */
  artSvg?: string
}

export interface PosterOutput {
  png: Buffer
  thumbWebp: Buffer
  /** The raw artwork as generated, lossless (art-only download, re-composing). */
  artPng: Buffer
  width: number
  height: number
  /** The artwork was enlarged to fill its place on the poster (LCM art on big sizes). */
  upscaled: boolean
}
