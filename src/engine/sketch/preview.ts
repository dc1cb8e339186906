// Small WebP previews of each style for the style picker: the sketch engine drawing a typical track
// in that style's composition and palette. Rendered once per style and kept.
import sharp from 'sharp'
import type { PromptFeatures } from '../../prompt/types.ts'
import { createSketchEngine } from './index.ts'

const TYPICAL: PromptFeatures = {
  bpm: 118,
  tonic: 'A',
  mode: 'minor',
  energy: 0.65,
  valence: 0.1,
  arousal: 0.35,
  brightness: 0.55,
  danceability: 0.65,
  dynamicRangeDb: 9,
  mood: 'energetic',
  sections: [0.3, 0.6, 0.85, 0.5],
  durationSec: 200,
}
const cache = new Map<string, Promise<Buffer>>()

/** A 240x360 WebP of `style` drawn with `palette` (the palette the style gives a typical track). */
export function stylePreview(style: string, palette: string[]): Promise<Buffer> {
  let p = cache.get(style)
  if (!p) {
    p = createSketchEngine()
      .generate({
        prompts: [style],
        seeds: [7],
        steps: 1,
        guidance: 1,
        width: 240,
        height: 360,
        art: { features: TYPICAL, palette, style },
      })
      .then(({ images: [img] }) =>
        sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })
          .webp({ quality: 80 })
          .toBuffer(),
      )
    cache.set(style, p)
    p.catch(() => cache.delete(style))
  }
  return p
}

export { TYPICAL as PREVIEW_FEATURES }
