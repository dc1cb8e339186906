// What a sketch is drawn from: the features turned into drawing parameters (rhythm, density, tilt,
// glow, bands), the variation's layout variant and mirroring, the subject's motifs, and a seeded
// random source. One Scene per image.
import type { PromptFeatures } from '../../prompt/types.ts'
import { createRng, hashString } from '../../random.ts'
import { hslToHex } from '../../prompt/palette.ts'
import { drawMotif, type MotifKind } from './motifs.ts'

export interface Palette {
  ground: string
  primary: string
  secondary: string
  accent: string
  ink: string
}

export interface Scene {
  W: number
  H: number
  rng: () => number
  pal: Palette
  f: PromptFeatures
  /** Repetitions of forms, from tempo: 3 (40 BPM) to 16 (200+ BPM). */
  reps: number
  /** 0..1 energy: density, contrast, opacity. */
  energy: number
  /** Degrees of tilt from danceability: 0 (still) to ~28 (swinging). */
  tilt: number
  /** 0..1 glow from brightness. */
  glow: number
  /** Section energies (at least 3) shaping bands and skylines. */
  bands: number[]
  /** Which of the family's four layouts this variation uses, 0-3. */
  variant: number
  /** Mirror the composition left-right. */
  flip: boolean
  /** What the subject looks like here; empty when not shown. */
  motifs: MotifKind[]
}

/** How a sketch differs from its siblings: the variation index picks the layout, the seed the rest. */
export interface SceneChoice {
  seed: number
  /** Variation index in the job (0-based); derived from the seed when unknown. */
  variation?: number
  motifs: MotifKind[]
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

export function makeScene(W: number, H: number, f: PromptFeatures, palette: string[], c: SceneChoice): Scene {
  const [ground, primary, secondary, accent, ink] = palette
  const bands = f.sections.length >= 3 ? f.sections.slice(0, 12) : [f.energy * 0.6, f.energy, f.energy * 0.8]
  const variation = c.variation ?? hashString(`variation:${c.seed}`) % 4
  const rng = createRng(c.seed)
  return {
    W,
    H,
    rng,
    pal: { ground, primary, secondary, accent, ink },
    f,
    reps: Math.round(clamp((f.bpm - 40) / 160, 0, 1) * 13 + 3),
    energy: clamp(f.energy, 0, 1),
    tilt: clamp(f.danceability, 0, 1) * 28,
    glow: clamp(f.brightness, 0, 1),
    bands,
    variant: variation % 4,
    // variations 4-7 mirror 0-3, so eight never repeat; the seed mirrors whole jobs
    flip: ((variation >> 2) & 1) !== (c.seed & 1),
    motifs: c.motifs,
  }
}

/**
 * The subject's motifs standing on (x, base), about `size` tall, in `fill`; '' when there is none.
 * A second motif (the surfer on the wave) rides on the first.
 */
export function subject(s: Scene, x: number, base: number, size: number, fill: string): string {
  const [first, second] = s.motifs
  if (!first) return ''
  let out = drawMotif(first, x, base, size, fill, s.rng)
  if (second) out += drawMotif(second, x - size * 0.1, base - size * 0.6, size * 0.4, fill, s.rng)
  return out
}

/** Features and palette for a prompt with no `art` (an engine called directly). */
export function sceneInputsFromText(text: string): { features: PromptFeatures; palette: string[] } {
  const h = hashString(text)
  const r = createRng(h)
  const hue = Math.floor(r() * 360)
  const hsl = (dh: number, s: number, l: number) => hslToHex((hue + dh) % 360, s / 100, l / 100)
  return {
    features: {
      bpm: 70 + r() * 100,
      tonic: 'C',
      mode: r() < 0.5 ? 'major' : 'minor',
      energy: r(),
      valence: r() * 2 - 1,
      arousal: r() * 2 - 1,
      brightness: r(),
      danceability: r(),
      dynamicRangeDb: 8,
      mood: 'dreamy',
      sections: [r(), r(), r(), r()],
      durationSec: 0,
    },
    palette: [hsl(0, 20, 10), hsl(0, 70, 55), hsl(30, 60, 65), hsl(180, 80, 60), hsl(0, 10, 94)],
  }
}
