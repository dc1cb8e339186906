// Prompt features of made-up tracks that several tests share.
import type { PromptFeatures } from '../../src/prompt/types.ts'

/** Fast, loud, bright, major: a euphoric dance track. */
export const FAST_LOUD_MAJOR: PromptFeatures = {
  bpm: 150,
  tonic: 'E',
  mode: 'major',
  energy: 0.92,
  valence: 0.75,
  arousal: 0.85,
  brightness: 0.82,
  danceability: 0.9,
  dynamicRangeDb: 5,
  mood: 'euphoric',
  sections: [0.3, 0.8, 0.95, 0.9, 0.6],
  durationSec: 200,
}

/** The README's example: 128 BPM, A minor, energetic. */
export const ENERGETIC_A_MINOR: PromptFeatures = {
  bpm: 128,
  tonic: 'A',
  mode: 'minor',
  energy: 0.8,
  valence: -0.2,
  arousal: 0.6,
  brightness: 0.55,
  danceability: 0.7,
  dynamicRangeDb: 9,
  mood: 'energetic',
  sections: [0.3, 0.7, 0.9, 0.6],
  durationSec: 214,
}

/** Mid-tempo, calm, A minor, 3:41. */
export const CALM_A_MINOR: PromptFeatures = {
  bpm: 100,
  tonic: 'A',
  mode: 'minor',
  energy: 0.6,
  valence: 0,
  arousal: 0,
  brightness: 0.5,
  danceability: 0.5,
  dynamicRangeDb: 8,
  mood: 'calm',
  sections: [0.4, 0.8, 0.6],
  durationSec: 221,
}
