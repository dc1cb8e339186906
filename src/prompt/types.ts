// Types at the prompt boundary. PromptFeatures is the compact, user-suppliable description
// of a track (POST /api/prompts {features}); featuresFromAnalysis() in prompt/ derives it.
import type { Mode, MoodLabel, PitchClass, Section } from '../audio/types.ts'

export interface PromptFeatures {
  /** 30-300 */
  bpm: number
  /** Other metrical readings of the tempo (x2, x1/2, x3/2, x2/3), best first; may be empty. */
  bpmAlternatives?: number[]
  tonic: PitchClass
  mode: Mode
  /** 0..1 overall intensity */
  energy: number
  /** -1..1 */
  valence: number
  /** -1..1 */
  arousal: number
  /** 0..1 from spectral centroid */
  brightness: number
  /** 0..1 */
  danceability: number
  /** dB, 0..60 */
  dynamicRangeDb: number
  mood: MoodLabel
  /** Section energies 0..1 in order (at most 32); drives composition. */
  sections: number[]
  durationSec: number
}

export type { Section }

export interface Typography {
  /** Font family key shipped with the project (see poster/fonts). */
  family: 'sans' | 'serif' | 'display' | 'mono'
  weight: 400 | 700 | 900
  case: 'upper' | 'title' | 'lower'
  /** Where the title block sits. */
  layout: 'bottom-left' | 'top-left' | 'centered' | 'band' | 'vertical'
  letterSpacing: number
}

export interface StylePreset {
  id: string
  name: string
  description: string
  /** Medium/movement words that always lead the prompt. */
  medium: string[]
  /** Extra descriptive words, chosen from by seed. */
  motifs: string[]
  /** The style's own colours, which the music tints (see prompt/palette.ts). */
  palette: PaletteScheme
  typography: Typography
  /** Extra negative-prompt terms for this style (e.g. "colour" for film noir). */
  negative?: string[]
}

/** One colour of a scheme, HSL; the music moves it inside its range. */
export interface Tone {
  /** Hue in degrees, or 'key': the key's hue on the circle of fifths (+ keyOffset), warmed or cooled. */
  h: number | 'key'
  keyOffset?: number
  /** Saturation and lightness, 0-1. */
  s: number
  l: number
  /** How far (±degrees) the key and warmth may move a fixed hue; default the scheme's hueRange. */
  dh?: number
  /** WCAG contrast against the ground [quiet, loud]: lightness is solved for it instead of taken from l. */
  contrast?: [number, number]
}

/** A style's palette: its anchor colours and how far the music may move them. */
export interface PaletteScheme {
  ground: Tone
  /** The ground for minor, sad or dark-sounding tracks, for styles that offer two. */
  groundDark?: Tone
  primary: Tone
  secondary: Tone
  accent: Tone
  /** Hue and saturation of the text colour; its lightness is found for >= 4.5:1 on the ground. */
  ink: Tone
  /** Default ± degrees the music moves fixed hues. */
  hueRange: number
  /** 0-1: how much energy moves saturation and contrast. */
  energy: number
  /** Near-monochrome (film noir): prompts use grey words instead of colour names. */
  mono?: boolean
}

export interface ExplanationItem {
  feature: string
  value: string | number
  words: string[]
}

export interface PromptVariant {
  text: string
  /** CLIP tokens including BOS/EOS, <= 77. */
  tokens: number
  explanation: ExplanationItem[]
  /** Per-variation seed for the engine. */
  seed: number
}

export interface PromptSet {
  style: string
  prompts: PromptVariant[]
  /** Five hex colours, darkest-to-lightest is not implied; index 0 is the ground. */
  palette: string[]
  negative?: string
}
