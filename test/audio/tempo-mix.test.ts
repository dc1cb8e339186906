// Regression: grooves under sustained chords. Full-band flux makes a backbeat's snares dwarf its
// kicks; before the fix these read at half tempo (128 -> 64, and a half-time 68 -> 34).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { analyseAudio } from '../../src/audio/index.ts'
import { renderDrumLoop, renderProgression } from '../helpers/synth.ts'
import { renderTestSong } from '../helpers/songs.ts'

const SR = 22050
const within = (got: number, want: number) => Math.abs(got - want) / want <= 0.04

test('a 128 BPM four-on-the-floor groove under pad, organ or piano chords reads 128', async () => {
  for (const timbre of ['pad', 'organ', 'piano'] as const) {
    const d = renderDrumLoop({ bpm: 128, seconds: 16, sampleRate: SR, style: 'four-on-floor', bass: true, noise: 0.01 })
    const c = renderProgression({
      tonic: 'E',
      mode: 'major',
      seconds: 16,
      sampleRate: SR,
      timbre,
      chordSec: (60 / 128) * 4,
    })
    const mix = new Float32Array(Math.min(d.length, c.length))
    for (let i = 0; i < mix.length; i++) mix[i] = 0.65 * d[i] + 0.35 * c[i]
    const { tempo } = await analyseAudio({ samples: mix, sampleRate: SR })
    assert.ok(within(tempo.bpm, 128), `${timbre}: ${tempo.bpm}`)
  }
})

// The quiet 68 BPM song read 136 while the fitted prior sat at 151 BPM / 0.48 octaves (now held to <= 140 BPM).
test('whole test songs read at their tempo, loud and quiet', async () => {
  for (const [bpm, loud] of [
    [128, true],
    [96, true],
    [140, true],
    [68, false],
    [72, false],
  ] as const) {
    const { tempo } = await analyseAudio({
      samples: renderTestSong({ bpm, tonic: 'A', mode: 'minor', seconds: 16, loud }),
      sampleRate: SR,
    })
    assert.ok(within(tempo.bpm, bpm), `${bpm} ${loud ? 'loud' : 'quiet'}: ${tempo.bpm}`)
  }
})
