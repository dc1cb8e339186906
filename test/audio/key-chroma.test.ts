import { test } from 'node:test'
import assert from 'node:assert/strict'
import { estimateTuning } from '../../src/audio/tuning.ts'
import { computeChroma } from '../../src/audio/chroma.ts'
import { c, MAJOR, renderPiece } from '../helpers/harmony.ts'

const SR = 22050
const PCS = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']
const hz = (midi: number, cents = 0): number => 440 * Math.pow(2, (midi - 69 + cents / 100) / 12)

/** Peaks of notes MIDI 50..80 with their first 8 partials (amplitude 1/k), all detuned by `cents`. */
function notePeaks(cents: number): { freqs: number[]; mags: number[] } {
  const freqs: number[] = []
  const mags: number[] = []
  for (let m = 50; m <= 80; m += 3) {
    for (let k = 1; k <= 8; k++) {
      freqs.push(hz(m, cents) * k)
      mags.push(1 / k)
    }
  }
  return { freqs, mags }
}

test('estimates tuning from harmonic peaks: +30, -45, 0 and +12 cents within 2 cents', () => {
  for (const cents of [30, -45, 0, 12]) {
    const { freqs, mags } = notePeaks(cents)
    const got = estimateTuning(freqs, mags)
    assert.ok(Math.abs(got - cents) <= 2, `detuned ${cents}: got ${got}`)
  }
})

test('is not pulled off by strong 5th and 7th partials (14 and 31 cents flat of the grid)', () => {
  const freqs: number[] = []
  const mags: number[] = []
  for (let m = 48; m <= 72; m += 2) {
    for (const [k, a] of [
      [1, 1],
      [2, 0.6],
      [3, 0.5],
      [5, 0.9],
      [7, 0.9],
    ]) {
      freqs.push(hz(m) * k)
      mags.push(a)
    }
  }
  const got = estimateTuning(freqs, mags)
  assert.ok(Math.abs(got) <= 3, `in tune, got ${got}`)
})

test('returns 0 cents when there are no peaks in range', () => {
  assert.equal(estimateTuning([], []), 0)
  assert.equal(estimateTuning([20, 9000], [1, 1]), 0)
})

/** Renders sustained notes (harmonics 1/k) for `sec` seconds: [midi, amplitude][]. */
function renderNotes(notes: [number, number][], sec = 3, partials = 8): Float32Array {
  const out = new Float32Array(sec * SR)
  for (const [m, a] of notes) {
    for (let k = 1; k <= partials; k++) {
      const f = hz(m) * k
      if (f > SR / 2.2) break
      for (let i = 0; i < out.length; i++) out[i] += (a / k) * Math.sin((2 * Math.PI * f * i) / SR)
    }
  }
  return out
}

const argmax = (v: ArrayLike<number>): string => PCS[Array.from(v).indexOf(Math.max(...Array.from(v)))]

test('credits a lone note with rich partials to its own pitch class, its fifth (3rd partial) far below', () => {
  const ch = computeChroma(renderNotes([[45, 0.5]]), SR) // A2 = 110 Hz
  assert.equal(argmax(ch.treble), 'A')
  const a = ch.treble[9]
  const e = ch.treble[4]
  const cs = ch.treble[1]
  assert.ok(a > 2.2 * e, `A ${a.toFixed(2)} vs E ${e.toFixed(2)}`)
  assert.ok(a > 5 * cs, `A ${a.toFixed(2)} vs C# ${cs.toFixed(2)}`)
})

test('reads the bass note under a chord: C2 under G-B-D puts the bass on C and the treble on G/B/D', () => {
  const ch = computeChroma(
    renderNotes([
      [36, 0.5],
      [55, 0.2],
      [59, 0.2],
      [62, 0.2],
      [67, 0.2],
    ]),
    SR,
  )
  assert.equal(argmax(ch.bass), 'C')
  const top = argmax(ch.treble)
  assert.ok(['G', 'B', 'D'].includes(top), `treble peak ${top}`)
  // The bass note dominates the bass chroma: the chord tones and the bass's own partials stay below half.
  const others = Array.from(ch.bass).filter((_, i) => i !== 0)
  assert.ok(Math.max(...others) < 0.5 * ch.bass[0], `bass chroma ${Array.from(ch.bass, (x) => x.toFixed(1))}`)
})

test('keeps per-frame chroma normalised and levels per frame, hop 4096 samples', () => {
  const x = renderPiece({ name: 't', tonic: 'D', mode: 'major', scale: MAJOR, chords: [c(0, 'maj'), c(7, 'maj')] }, SR)
  const ch = computeChroma(x, SR)
  const frames = Math.floor((x.length - 4096) / 4096) + 1
  assert.equal(ch.frameLevel.length, frames)
  assert.equal(ch.frameTreble.length, frames * 12)
  assert.ok(Math.abs(ch.hopSec - 4096 / SR) < 1e-9)
  for (let f = 0; f < frames; f++) {
    const s = ch.frameTreble.subarray(f * 12, f * 12 + 12).reduce((a, b) => a + b, 0)
    assert.ok(s === 0 || Math.abs(s - 1) < 1e-4, `frame ${f} sums to ${s}`)
  }
})
