// Generates labelled test music in code: drum grooves at known tempi and chord progressions in known keys.
// Used by the audio tests (accuracy sets) and bench/analysis.bench.ts; nothing here touches disk or network.
//
// Tempo labelling (the convention of annotated sets such as Ballroom/GTZAN-Rhythm): the truth is the tempo a
// drummer counts, i.e. the quarter-note pulse on which the groove's hi-hat plays eighths (or swung eighths).
// A "half-time" groove at 140 has its snare on beat 3 instead of 2 and 4, but the hats still play eighths at
// 140, so its truth is 140. Note that a half-time groove at 140 is the same signal as a straight groove at 70
// with sixteenth-note hats; audio alone cannot tell them apart, so the straight grooves here use eighth hats.

import type { PitchClass, Mode } from '../../src/audio/types.ts'
import { createRng } from '../../src/random.ts'

export const PITCH_CLASSES: PitchClass[] = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']

/** Deterministic PRNG (the project's mulberry32) so generated sets are identical on every run. */
export const makeRng = createRng

export type GrooveStyle = 'rock' | 'four-on-floor' | 'swung' | 'half-time' | 'waltz' | 'funk'

export interface DrumLoopOptions {
  bpm: number
  seconds: number
  sampleRate?: number
  style?: GrooveStyle
  /** Add a bass line on the chord roots. */
  bass?: boolean
  /** Add sustained pad chords (tonal, onset-poor). */
  pads?: boolean
  /** Background noise level, linear amplitude (0 = none). */
  noise?: number
  /** Overall gain applied at the end. */
  gain?: number
  seed?: number
}

/** One groove event: position in beats within the bar, instrument, velocity 0..1. */
type Hit = [beat: number, inst: 'kick' | 'snare' | 'hat' | 'openhat', vel: number]

/** Bar length in beats and the hits of each groove. */
function groovePattern(style: GrooveStyle): { beats: number; hits: Hit[] } {
  const eighths = (beats: number, swing = 0.5): Hit[] => {
    const h: Hit[] = []
    for (let b = 0; b < beats; b++) h.push([b, 'hat', 0.5], [b + swing, 'hat', 0.35])
    return h
  }
  switch (style) {
    case 'rock':
      return {
        beats: 4,
        hits: [
          [0, 'kick', 1],
          [2, 'kick', 0.9],
          [2.5, 'kick', 0.6],
          [1, 'snare', 0.9],
          [3, 'snare', 0.9],
          ...eighths(4),
        ],
      }
    case 'four-on-floor':
      return {
        beats: 4,
        hits: [
          [0, 'kick', 1],
          [1, 'kick', 1],
          [2, 'kick', 1],
          [3, 'kick', 1],
          [1, 'snare', 0.7],
          [3, 'snare', 0.7],
          [0.5, 'openhat', 0.5],
          [1.5, 'openhat', 0.5],
          [2.5, 'openhat', 0.5],
          [3.5, 'openhat', 0.5],
        ],
      }
    case 'swung':
      return {
        beats: 4,
        hits: [[0, 'kick', 1], [2, 'kick', 0.9], [1, 'snare', 0.8], [3, 'snare', 0.8], ...eighths(4, 2 / 3)],
      }
    case 'half-time':
      return { beats: 4, hits: [[0, 'kick', 1], [1.5, 'kick', 0.6], [2, 'snare', 1], ...eighths(4)] }
    case 'waltz':
      return { beats: 3, hits: [[0, 'kick', 1], [1, 'snare', 0.6], [2, 'snare', 0.6], ...eighths(3)] }
    case 'funk':
      return {
        beats: 4,
        hits: [
          [0, 'kick', 1],
          [0.75, 'kick', 0.6],
          [2.5, 'kick', 0.8],
          [1, 'snare', 0.9],
          [3, 'snare', 0.9],
          [3.75, 'snare', 0.3],
          ...eighths(4),
        ],
      }
  }
}

function oneShots(sr: number, rng: () => number): Record<Hit[1], Float32Array> {
  const kick = new Float32Array(Math.round(0.35 * sr))
  let ph = 0
  for (let i = 0; i < kick.length; i++) {
    const t = i / sr
    ph += (2 * Math.PI * (50 + 90 * Math.exp(-t * 30))) / sr
    kick[i] = Math.sin(ph) * Math.exp(-t * 9)
  }
  const snare = new Float32Array(Math.round(0.25 * sr))
  for (let i = 0; i < snare.length; i++) {
    const t = i / sr
    snare[i] = 0.7 * (rng() * 2 - 1) * Math.exp(-t * 22) + 0.4 * Math.sin(2 * Math.PI * 185 * t) * Math.exp(-t * 30)
  }
  const hat = (len: number, decay: number): Float32Array => {
    const h = new Float32Array(Math.round(len * sr))
    let prev = 0
    for (let i = 0; i < h.length; i++) {
      const n = rng() * 2 - 1
      h[i] = (n - prev) * 0.5 * Math.exp((-i / sr) * decay) // first difference = crude high-pass
      prev = n
    }
    return h
  }
  return { kick, snare, hat: hat(0.06, 70), openhat: hat(0.2, 18) }
}

/** Mix a one-shot into `out` at sample `at` with gain `g`. */
function addShot(out: Float32Array, shot: Float32Array, at: number, g: number): void {
  const end = Math.min(out.length, at + shot.length)
  for (let i = Math.max(0, at); i < end; i++) out[i] += shot[i - at] * g
}

/** Adds a tone with `harmonics` partials (amplitude 1/k) and an attack/decay envelope. */
function addTone(
  out: Float32Array,
  sr: number,
  freq: number,
  start: number,
  dur: number,
  amp: number,
  harmonics: number,
  decay: number,
): void {
  const s0 = Math.max(0, Math.round(start * sr))
  const s1 = Math.min(out.length, Math.round((start + dur) * sr))
  const attack = 0.01 * sr
  for (let k = 1; k <= harmonics; k++) {
    const f = freq * k
    if (f > sr / 2.2) break
    const w = (2 * Math.PI * f) / sr
    const a = amp / k
    for (let i = s0; i < s1; i++) {
      const n = i - s0
      const env = Math.min(1, n / attack) * Math.exp((-n / sr) * decay) * Math.min(1, (s1 - i) / attack)
      out[i] += a * env * Math.sin(w * n)
    }
  }
}

const midiHz = (m: number): number => 440 * Math.pow(2, (m - 69) / 12)

/** Renders a drum groove at a known tempo (truth = `bpm`, see the labelling note at the top). */
export function renderDrumLoop(o: DrumLoopOptions): Float32Array {
  const sr = o.sampleRate ?? 22050
  const rng = makeRng(o.seed ?? 1)
  const out = new Float32Array(Math.round(o.seconds * sr))
  const shots = oneShots(sr, rng)
  const { beats, hits } = groovePattern(o.style ?? 'rock')
  const spb = 60 / o.bpm
  const gains = { kick: 0.9, snare: 0.6, hat: 0.25, openhat: 0.2 }
  for (let bar = 0; bar * beats * spb < o.seconds; bar++) {
    for (const [beat, inst, vel] of hits) {
      const jitter = (rng() - 0.5) * 0.008 // +-4 ms human timing
      const t = (bar * beats + beat) * spb + jitter + 0.05
      addShot(out, shots[inst], Math.round(t * sr), gains[inst] * vel * (0.85 + 0.3 * rng()))
    }
  }
  // A repeating minor-ish progression so bass and pads have harmonic content.
  const roots = [45, 41, 48, 43]
  const barSec = beats * spb
  if (o.bass || o.pads) {
    for (let bar = 0; bar * barSec < o.seconds; bar++) {
      const root = roots[bar % roots.length]
      if (o.bass) {
        for (let b = 0; b < beats; b++)
          addTone(out, sr, midiHz(root - 12), bar * barSec + b * spb + 0.05, spb * 0.9, 0.25, 4, 4)
      }
      if (o.pads)
        for (const iv of [12, 15, 19]) addTone(out, sr, midiHz(root + iv), bar * barSec + 0.05, barSec, 0.07, 5, 0.3)
    }
  }
  if (o.noise) for (let i = 0; i < out.length; i++) out[i] += o.noise * (rng() * 2 - 1)
  return finish(out, o.gain ?? 0.8)
}

const MAJOR_SCALE = [0, 2, 4, 5, 7, 9, 11]
const HARMONIC_MINOR = [0, 2, 3, 5, 7, 8, 11]
const NATURAL_MINOR = [0, 2, 3, 5, 7, 8, 10]

/** Progressions as scale degrees (0-based), first and last chord the tonic. */
export const PROGRESSIONS: Record<Mode, { name: string; degrees: number[]; scale: number[] }[]> = {
  major: [
    { name: 'I-IV-V-I', degrees: [0, 3, 4, 0], scale: MAJOR_SCALE },
    { name: 'I-vi-IV-V-I', degrees: [0, 5, 3, 4, 0], scale: MAJOR_SCALE },
    { name: 'I-V-vi-IV-I', degrees: [0, 4, 5, 3, 0], scale: MAJOR_SCALE },
  ],
  minor: [
    { name: 'i-iv-V-i', degrees: [0, 3, 4, 0], scale: HARMONIC_MINOR },
    { name: 'i-VI-III-VII-i', degrees: [0, 5, 2, 6, 0], scale: NATURAL_MINOR },
    { name: 'i-VII-VI-V-i', degrees: [0, 6, 5, 4, 0], scale: HARMONIC_MINOR },
  ],
}

export type Timbre = 'piano' | 'pad' | 'organ'

export interface ProgressionOptions {
  tonic: PitchClass
  mode: Mode
  /** Index into PROGRESSIONS[mode]. */
  progression?: number
  seconds: number
  sampleRate?: number
  timbre?: Timbre
  /** Seconds per chord. */
  chordSec?: number
  /** Add a light drum groove on top. */
  drums?: boolean
  gain?: number
  seed?: number
}

/**
 * Renders a chord progression in a known key: triads in close voicing around middle C, the root doubled in the
 * bass, several harmonics and a timbre-dependent decay; a melody-less, realistic-enough harmonic texture.
 */
export function renderProgression(o: ProgressionOptions): Float32Array {
  const sr = o.sampleRate ?? 22050
  const out = new Float32Array(Math.round(o.seconds * sr))
  const prog = PROGRESSIONS[o.mode][(o.progression ?? 0) % PROGRESSIONS[o.mode].length]
  const tonicMidi = 48 + PITCH_CLASSES.indexOf(o.tonic) // C3..B3
  const chordSec = o.chordSec ?? 1.5
  const [harm, decay] = o.timbre === 'pad' ? [6, 0.4] : o.timbre === 'organ' ? [8, 0] : [7, 2.5]
  const deg = (d: number): number => prog.scale[d % 7] + 12 * Math.floor(d / 7)
  for (let i = 0; i * chordSec < o.seconds; i++) {
    const d = prog.degrees[i % prog.degrees.length]
    const t = i * chordSec
    const chord = [deg(d), deg(d + 2), deg(d + 4)].map((x) => tonicMidi + x)
    // Chord tones an octave above the bass, root position.
    for (const m of chord) addTone(out, sr, midiHz(m + 12), t, chordSec, 0.12, harm, decay)
    addTone(out, sr, midiHz(chord[0] - 12), t, chordSec, 0.18, 5, decay)
  }
  if (o.drums) {
    const d = renderDrumLoop({
      bpm: 60 / (chordSec / 2),
      seconds: o.seconds,
      sampleRate: sr,
      style: 'rock',
      gain: 0.3,
      seed: o.seed,
    })
    for (let i = 0; i < out.length; i++) out[i] += d[i]
  }
  return finish(out, o.gain ?? 0.8)
}

/** Normalises the peak to `gain` so quiet/loud versions differ only in level. */
function finish(out: Float32Array, gain: number): Float32Array {
  let peak = 0
  for (let i = 0; i < out.length; i++) peak = Math.max(peak, Math.abs(out[i]))
  if (peak > 0) for (let i = 0; i < out.length; i++) out[i] *= gain / peak
  return out
}

export interface TempoItem {
  name: string
  bpm: number
  samples: Float32Array
}

/**
 * The tempo accuracy set: every groove style at spread tempi 60-200 BPM, with and without bass, pads and noise.
 * `count` items, deterministic for a given seed; tempi are drawn log-uniformly within each style's usual range.
 */
export function tempoSet(count: number, seconds: number, sampleRate = 22050, seed = 42): TempoItem[] {
  const rng = makeRng(seed)
  const styles: { style: GrooveStyle; lo: number; hi: number }[] = [
    { style: 'rock', lo: 60, hi: 200 },
    { style: 'four-on-floor', lo: 90, hi: 180 },
    { style: 'swung', lo: 60, hi: 180 },
    { style: 'half-time', lo: 120, hi: 180 },
    { style: 'waltz', lo: 80, hi: 200 },
    { style: 'funk', lo: 70, hi: 130 },
  ]
  const items: TempoItem[] = []
  for (let i = 0; i < count; i++) {
    const s = styles[i % styles.length]
    const bpm = Math.round(s.lo * Math.pow(s.hi / s.lo, rng()) * 10) / 10
    const extras = i % 4
    const samples = renderDrumLoop({
      bpm,
      seconds,
      sampleRate,
      style: s.style,
      seed: seed + i,
      bass: extras >= 1,
      pads: extras >= 2,
      noise: extras === 3 ? 0.03 : 0,
    })
    items.push({ name: `${s.style}@${bpm}${['', '+bass', '+bass+pads', '+bass+pads+noise'][extras]}`, bpm, samples })
  }
  return items
}

/** Renders a mixed "song" of `seconds` for speed benchmarks: grooves, chords and a quiet intro/outro. */
export function renderSong(seconds: number, sampleRate = 22050, bpm = 124): Float32Array {
  const drums = renderDrumLoop({ bpm, seconds, sampleRate, style: 'four-on-floor', bass: true, noise: 0.01 })
  const chords = renderProgression({
    tonic: 'A',
    mode: 'minor',
    progression: 1,
    seconds,
    sampleRate,
    timbre: 'pad',
    chordSec: (60 / bpm) * 4,
  })
  const out = new Float32Array(drums.length)
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate
    const fade = Math.min(1, t / 20, (seconds - t) / 20)
    out[i] = 0.6 * drums[i] * fade + 0.4 * chords[i]
  }
  return out
}
