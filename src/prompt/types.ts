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
  /** Palette rule: hue shift in degrees, saturation and lightness scales, and whether to force a dark or light ground. */
  palette: {
    hueShift: number
    saturation: number
    lightness: number
    ground: 'dark' | 'light' | 'auto'
    spread: number
  }
  typography: Typography
  /** Extra negative-prompt terms for this style (e.g. "colour" for film noir). */
  negative?: string[]
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
