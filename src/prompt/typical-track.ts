// The one "typical track" used wherever a style is shown before any song is analysed: the style
// picker's rendered preview and its palette swatches (served with GET /api/styles).
import type { PromptFeatures } from './types.ts'

export const TYPICAL_TRACK: Readonly<PromptFeatures> = Object.freeze({
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
})
