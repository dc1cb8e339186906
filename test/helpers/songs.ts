// Whole little "songs" for end-to-end tests: a groove at a known tempo over chords in a known key,
// loud and bright or quiet and dark, built from the accuracy-test synthesiser.
import type { Mode, PitchClass } from '../../src/audio/types.ts'
import { renderDrumLoop, renderProgression } from './synth.ts'

export interface SongSpec {
  bpm: number
  tonic: PitchClass
  mode: Mode
  seconds: number
  loud: boolean
  sampleRate?: number
}

export function renderTestSong(s: SongSpec): Float32Array {
  const sampleRate = s.sampleRate ?? 22050
  const drums = renderDrumLoop({
    bpm: s.bpm,
    seconds: s.seconds,
    sampleRate,
    style: s.loud ? 'four-on-floor' : 'half-time',
    bass: true,
    noise: s.loud ? 0.01 : 0,
  })
  const chords = renderProgression({
    tonic: s.tonic,
    mode: s.mode,
    seconds: s.seconds,
    sampleRate,
    timbre: s.loud ? 'organ' : 'pad',
    chordSec: (60 / s.bpm) * 4,
  })
  const out = new Float32Array(Math.min(drums.length, chords.length))
  const [gd, gc] = s.loud ? [0.65, 0.35] : [0.12, 0.18]
  for (let i = 0; i < out.length; i++) out[i] = gd * drums[i] + gc * chords[i]
  return out
}
