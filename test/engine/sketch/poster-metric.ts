// The posters issue's visual-difference metric and the songs it is measured on: mean absolute RGB
// difference (0-255) of 32x48 thumbnails (fit 'fill') of a poster's top 70%, the artwork area.
// Shared by the variety test and scripts/contact-sheet.ts.
import sharp from 'sharp'
import { createSketchEngine } from '../../../src/engine/sketch/index.ts'
import { composePoster } from '../../../src/poster/index.ts'
import { buildPrompts, getStyle, type PromptFeatures } from '../../../src/prompt/index.ts'

export const SONGS: Record<'upbeat' | 'quiet' | 'mid', PromptFeatures> = {
  upbeat: {
    bpm: 128,
    tonic: 'E',
    mode: 'major',
    energy: 0.86,
    valence: 0.7,
    arousal: 0.7,
    brightness: 0.75,
    danceability: 0.85,
    dynamicRangeDb: 6,
    mood: 'euphoric',
    sections: [0.5, 0.8, 0.9, 0.85, 0.95, 0.7],
    durationSec: 200,
  },
  quiet: {
    bpm: 66,
    tonic: 'F',
    mode: 'minor',
    energy: 0.14,
    valence: -0.6,
    arousal: -0.6,
    brightness: 0.2,
    danceability: 0.25,
    dynamicRangeDb: 14,
    mood: 'melancholic',
    sections: [0.1, 0.2, 0.15, 0.25],
    durationSec: 240,
  },
  mid: {
    bpm: 100,
    tonic: 'G',
    mode: 'major',
    energy: 0.5,
    valence: 0.05,
    arousal: 0,
    brightness: 0.5,
    danceability: 0.55,
    dynamicRangeDb: 9,
    mood: 'dreamy',
    sections: [0.3, 0.5, 0.6, 0.45, 0.5],
    durationSec: 210,
  },
}

/**
 * The job's variations as the pipeline makes them (buildPrompts' default seed, variation index),
 * each composed into a 1024x1536 portrait poster; art rendered at `artWidth` (x1.5 tall).
 */
export async function renderJob(f: PromptFeatures, style: string, count = 4, artWidth = 1024): Promise<Buffer[]> {
  const set = buildPrompts(f, { style, count })
  const preset = getStyle(style)
  const { images } = await createSketchEngine().generate({
    prompts: set.prompts.map((p) => p.text),
    seeds: set.prompts.map((p) => p.seed),
    variations: set.prompts.map((_, i) => i),
    steps: 1,
    guidance: 1,
    width: artWidth,
    height: Math.round(artWidth * 1.5),
    art: { features: f, palette: set.palette, style },
  })
  const posters: Buffer[] = []
  for (const [i, image] of images.entries()) {
    const out = await composePoster({
      image,
      size: 'portrait',
      title: 'Night Swim',
      author: 'The Test Tones',
      bpm: f.bpm,
      keyLabel: `${f.tonic} ${f.mode}`,
      durationSec: f.durationSec,
      palette: set.palette,
      typography: preset.typography,
      styleName: preset.name,
      metadata: { prompt: set.prompts[i].text, seed: set.prompts[i].seed, engine: 'sketch', style, features: f },
    })
    posters.push(out.png)
  }
  return posters
}

/** The metric's 32x48 RGB thumbnail of a poster's top 70%. */
export async function thumb(png: Buffer): Promise<Buffer> {
  const meta = await sharp(png).metadata()
  const h = Math.round(meta.height! * 0.7)
  return sharp(png)
    .extract({ left: 0, top: 0, width: meta.width!, height: h })
    .resize(32, 48, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer()
}

/** Mean absolute difference of two thumbnails, 0-255. */
export function difference(a: Buffer, b: Buffer): number {
  let s = 0
  for (let k = 0; k < a.length; k++) s += Math.abs(a[k] - b[k])
  return s / a.length
}

/** The smallest difference over all pairs, and which pair. */
export function minPair(thumbs: Buffer[]): { min: number; pair: [number, number] } {
  let best = { min: Infinity, pair: [0, 0] as [number, number] }
  for (let i = 0; i < thumbs.length; i++)
    for (let j = i + 1; j < thumbs.length; j++) {
      const d = difference(thumbs[i], thumbs[j])
      if (d < best.min) best = { min: d, pair: [i, j] }
    }
  return best
}
