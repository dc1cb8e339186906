// Small WebP previews of each style for the style picker: the sketch engine drawing a typical track
// in that style's composition and palette. Rendered once per style and kept.
import sharp from 'sharp'
import { TYPICAL_TRACK } from '../../prompt/typical-track.ts'
import { createSketchEngine } from './index.ts'

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
        art: { features: TYPICAL_TRACK, palette, style },
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
