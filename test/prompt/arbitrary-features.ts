// fast-check generator of valid PromptFeatures, shared by the prompt property tests.
import fc from 'fast-check'
import type { PromptFeatures } from '../../src/prompt/types.ts'

const unit = fc.double({ min: 0, max: 1, noNaN: true })
const signed = fc.double({ min: -1, max: 1, noNaN: true })

export const arbitraryFeatures: fc.Arbitrary<PromptFeatures> = fc.record({
  bpm: fc.double({ min: 30, max: 300, noNaN: true }),
  tonic: fc.constantFrom('C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'),
  mode: fc.constantFrom('major', 'minor'),
  energy: unit,
  valence: signed,
  arousal: signed,
  brightness: unit,
  danceability: unit,
  dynamicRangeDb: fc.double({ min: 0, max: 60, noNaN: true }),
  mood: fc.constantFrom('euphoric', 'energetic', 'tense', 'dark', 'melancholic', 'calm', 'dreamy', 'warm'),
  sections: fc.array(unit, { maxLength: 32 }),
  durationSec: fc.double({ min: 0, max: 3600, noNaN: true }),
})
