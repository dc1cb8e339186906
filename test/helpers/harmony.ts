// Synthesises tonal test pieces whose key is known from how they are written: chords as scale-relative roots and
// qualities, a bass line (some inversions), a melody with passing tones, additive tones with harmonics and envelopes.
// The expected key of each piece is the generator's `tonic`/`mode` parameters, never a result of src/.

import type { Mode, PitchClass } from '../../src/audio/types.ts'
import { createRng } from '../../src/random.ts'

export const PCS: readonly PitchClass[] = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']

export type Quality = 'maj' | 'min' | 'dim' | 'dom7' | 'min7'
/** One chord: root in semitones above the tonic, quality, beats, and which chord tone is in the bass (0 = root). */
export interface Chord {
  root: number
  q: Quality
  beats: number
  inv?: 0 | 1 | 2
}

const QUALITY: Record<Quality, number[]> = {
  maj: [0, 4, 7],
  min: [0, 3, 7],
  dim: [0, 3, 6],
  dom7: [0, 4, 7, 10],
  min7: [0, 3, 7, 10],
}

/** Chord shorthand: `c(7, 'maj', 2, 1)` = V in first inversion for two beats. */
export const c = (root: number, q: Quality, beats = 4, inv: 0 | 1 | 2 = 0): Chord => ({ root, q, beats, inv })

export type HarmonyTimbre = 'piano' | 'strings' | 'organ' | 'guitar'

export interface PieceSpec {
  name: string
  /** The key the piece is written in: the truth for tests. */
  tonic: PitchClass
  mode: Mode
  /** Scale the melody's passing tones come from, semitones above the tonic. */
  scale: number[]
  chords: Chord[]
  bpm?: number
  timbre?: HarmonyTimbre
  /** Whole-piece detuning from A440 in cents (a band tuned sharp, an old tape). */
  cents?: number
  /** Repeat the chord list this many times (the last chord is always played once more, held, at the end). */
  repeats?: number
  seed?: number
  /** Hold this note (semitones above the tonic) in the bass throughout instead of following the chords. */
  pedal?: number
}

export const MAJOR = [0, 2, 4, 5, 7, 9, 11]
export const NATURAL_MINOR = [0, 2, 3, 5, 7, 8, 10]
export const HARMONIC_MINOR = [0, 2, 3, 5, 7, 8, 11]
export const DORIAN = [0, 2, 3, 5, 7, 9, 10]
export const MIXOLYDIAN = [0, 2, 4, 5, 7, 9, 10]

/** Partial amplitudes (index 0 = fundamental) and decay rate (1/s) of each timbre. */
const TIMBRES: Record<HarmonyTimbre, { partials: number[]; decay: number }> = {
  piano: { partials: [1, 0.5, 0.35, 0.22, 0.15, 0.1, 0.06, 0.04], decay: 1.6 },
  strings: { partials: [1, 0.7, 0.5, 0.4, 0.3, 0.22, 0.16, 0.12, 0.08], decay: 0.15 },
  organ: { partials: [1, 0.9, 0.2, 0.5, 0.05, 0.25, 0, 0.15], decay: 0 },
  guitar: { partials: [1, 0.6, 0.45, 0.3, 0.2, 0.15, 0.1], decay: 2.5 },
}

const hz = (midi: number, cents: number): number => 440 * Math.pow(2, (midi - 69 + cents / 100) / 12)

/**
 * Adds one note: harmonic partials (upper ones decay faster, as on real strings) under an attack/decay/release
 * envelope. Oscillators run as rotating phasors, so a 20 s piece renders in tens of milliseconds.
 */
function addNote(out: Float32Array, sr: number, f0: number, start: number, dur: number, amp: number, t: HarmonyTimbre) {
  const { partials, decay } = TIMBRES[t]
  const s0 = Math.max(0, Math.round(start * sr))
  const s1 = Math.min(out.length, Math.round((start + dur + 0.08) * sr))
  const n = s1 - s0
  if (n <= 0) return
  const attack = Math.round((t === 'strings' ? 0.06 : 0.008) * sr)
  const rel = Math.round(0.08 * sr)
  const env = new Float32Array(n)
  const k = Math.exp(-decay / sr)
  let g = 1
  for (let i = 0; i < n; i++, g *= k) env[i] = g * Math.min(1, i / attack, (n - i) / rel)
  for (let h = 0; h < partials.length; h++) {
    const f = f0 * (h + 1)
    // The key analysis reads up to 5 kHz: partials above 6 kHz would only cost render time.
    if (partials[h] === 0 || f > Math.min(sr * 0.45, 6000)) continue
    const w = (2 * Math.PI * f) / sr
    const cw = Math.cos(w)
    const sw = Math.sin(w)
    const hk = Math.exp((-decay * h * 0.4) / sr)
    let re = 1
    let im = 0
    let hg = amp * partials[h]
    for (let i = 0; i < n; i++) {
      out[s0 + i] += hg * env[i] * im
      const r = re * cw - im * sw
      im = re * sw + im * cw
      re = r
      hg *= hk
    }
  }
}

/** MIDI note of pitch class `pc` nearest to `around`. */
const nearest = (pc: number, around: number): number => around + ((((pc - around) % 12) + 18) % 12) - 6

/** Renders a piece: bass on beats 1 and 3, the chord sustained in a mid voicing, a melody in eighth notes. */
export function renderPiece(p: PieceSpec, sampleRate = 22050): Float32Array {
  const rng = createRng(p.seed ?? 7)
  const bpm = p.bpm ?? 100
  const beat = 60 / bpm
  const reps = p.repeats ?? 1
  const chords = [
    ...Array.from({ length: reps }, () => p.chords).flat(),
    { ...p.chords[p.chords.length - 1], beats: 4 },
  ]
  const totalBeats = chords.reduce((a, ch) => a + ch.beats, 0)
  const out = new Float32Array(Math.round((totalBeats * beat + 1) * sampleRate))
  const tonic = PCS.indexOf(p.tonic)
  const cents = p.cents ?? 0
  const timbre = p.timbre ?? 'piano'
  let t = 0.05
  let melody = nearest(tonic, 72)
  chords.forEach((ch, ci) => {
    const tones = QUALITY[ch.q].map((iv) => (tonic + ch.root + iv) % 12)
    const dur = ch.beats * beat
    const last = ci === chords.length - 1
    // Bass: the inversion's note around E2-D#3, on the downbeat and (for long chords) mid-chord on the root/fifth.
    const bassPc = p.pedal === undefined ? tones[ch.inv ?? 0] : (tonic + p.pedal) % 12
    const bass = nearest(bassPc, 45)
    if (ch.beats >= 4 && !last) {
      addNote(out, sampleRate, hz(bass, cents), t, dur / 2, 0.3, timbre === 'organ' ? 'organ' : 'guitar')
      const second = p.pedal === undefined ? nearest(rng() < 0.5 ? tones[0] : tones[2], 45) : bass
      addNote(out, sampleRate, hz(second, cents), t + dur / 2, dur / 2, 0.26, timbre === 'organ' ? 'organ' : 'guitar')
    } else addNote(out, sampleRate, hz(bass, cents), t, dur, 0.3, timbre === 'organ' ? 'organ' : 'guitar')
    // Chord: close voicing above G3 (the 7th of a seventh chord included).
    for (const pc of tones) addNote(out, sampleRate, hz(nearest(pc, 62), cents), t, dur, 0.12, timbre)
    // Melody: eighth notes walking between chord tones through scale steps (passing tones), louder on chord tones.
    const steps = last ? 1 : Math.round(ch.beats * 2)
    for (let s = 0; s < steps; s++) {
      const onBeat = s % 2 === 0
      let next: number
      if (last) next = nearest(tonic, melody)
      else if (onBeat) next = nearest(tones[Math.floor(rng() * tones.length)], melody)
      else {
        const dir = rng() < 0.5 ? -1 : 1
        const pcs = p.scale.map((x) => (x + tonic) % 12)
        next = melody + dir
        while (!pcs.includes(((next % 12) + 12) % 12)) next += dir
      }
      melody = Math.max(67, Math.min(81, next))
      const len = last ? dur : beat / 2
      addNote(out, sampleRate, hz(melody, cents), t + s * (beat / 2), len, onBeat ? 0.16 : 0.1, timbre)
    }
    t += dur
  })
  let peak = 0
  for (let i = 0; i < out.length; i++) peak = Math.max(peak, Math.abs(out[i]))
  if (peak > 0) for (let i = 0; i < out.length; i++) out[i] *= 0.8 / peak
  return out
}

/** The test set's templates, chords relative to the tonic. Each one names what it tries to trap. */
export const TEMPLATES: Omit<PieceSpec, 'tonic' | 'seed'>[] = [
  {
    name: 'I-IV-V-I',
    mode: 'major',
    scale: MAJOR,
    chords: [
      c(0, 'maj'),
      c(5, 'maj'),
      c(7, 'maj'),
      c(0, 'maj'),
      c(9, 'min'),
      c(5, 'maj', 4, 1),
      c(7, 'dom7'),
      c(0, 'maj'),
    ],
  },
  {
    // The dominant trap: the V chord (and its seventh) takes most of the time, the tonic comes at cadences.
    name: 'V-heavy ending on I',
    mode: 'major',
    scale: MAJOR,
    chords: [
      c(7, 'maj'),
      c(7, 'dom7', 4, 1),
      c(0, 'maj', 2),
      c(7, 'maj', 6),
      c(2, 'min', 2),
      c(7, 'dom7'),
      c(0, 'maj'),
    ],
  },
  {
    // Harmonic minor: the V is a major chord (E-G#-B in A minor) and the leading tone is raised.
    name: 'i-iv-V-i harmonic minor',
    mode: 'minor',
    scale: HARMONIC_MINOR,
    chords: [
      c(0, 'min'),
      c(5, 'min'),
      c(7, 'maj'),
      c(0, 'min'),
      c(8, 'maj', 4, 1),
      c(5, 'min'),
      c(7, 'dom7'),
      c(0, 'min'),
    ],
  },
  {
    name: 'ii°-V-i',
    mode: 'minor',
    scale: HARMONIC_MINOR,
    chords: [
      c(0, 'min'),
      c(2, 'dim', 4, 1),
      c(7, 'dom7'),
      c(0, 'min'),
      c(5, 'min', 4, 2),
      c(2, 'dim'),
      c(7, 'maj'),
      c(0, 'min'),
    ],
  },
  {
    // A passage in the relative major (III-VI-VII-III, i.e. I-IV-V-I of the relative) inside a minor piece.
    name: 'minor with relative-major passage',
    mode: 'minor',
    scale: NATURAL_MINOR,
    chords: [
      c(0, 'min'),
      c(7, 'dom7'),
      c(0, 'min'),
      c(3, 'maj'),
      c(8, 'maj'),
      c(10, 'dom7'),
      c(3, 'maj'),
      c(7, 'maj'),
      c(0, 'min'),
    ],
  },
  {
    // Dorian: a major IV chord (raised sixth) over a minor tonic; still a minor key.
    name: 'dorian i-IV',
    mode: 'minor',
    scale: DORIAN,
    chords: [c(0, 'min7'), c(5, 'maj'), c(0, 'min7'), c(5, 'maj'), c(10, 'maj'), c(0, 'min')],
  },
  {
    // Mixolydian rock: I-bVII-IV-I; the flat seventh must not move the key a fifth down.
    name: 'mixolydian I-bVII-IV',
    mode: 'major',
    scale: MIXOLYDIAN,
    chords: [
      c(0, 'maj'),
      c(10, 'maj'),
      c(5, 'maj'),
      c(0, 'maj'),
      c(0, 'maj'),
      c(10, 'maj'),
      c(5, 'maj', 2),
      c(0, 'maj', 2),
    ],
  },
]

export interface KeyPiece {
  name: string
  tonic: PitchClass
  mode: Mode
  samples: Float32Array
}

/**
 * The key test set: every template in `keysPer` keys spread around the circle, timbres rotating, and every fourth
 * piece detuned by +30 cents. Deterministic for a given seed.
 */
export function keySet(keysPer = 3, sampleRate = 22050, seed = 1): KeyPiece[] {
  const timbres: HarmonyTimbre[] = ['piano', 'strings', 'organ', 'guitar']
  const out: KeyPiece[] = []
  TEMPLATES.forEach((tpl, ti) => {
    for (let k = 0; k < keysPer; k++) {
      const i = out.length
      const tonic = PCS[(ti * 5 + k * 7 + (k > 0 ? 2 : 0)) % 12]
      const cents = i % 4 === 3 ? 30 : 0
      const timbre = timbres[i % timbres.length]
      const spec: PieceSpec = { ...tpl, tonic, timbre, cents, seed: seed + i, bpm: 90 + ((i * 13) % 50) }
      out.push({
        name: `${tpl.name} in ${tonic} ${tpl.mode} (${timbre}${cents ? ', +30c' : ''})`,
        tonic,
        mode: tpl.mode,
        samples: renderPiece(spec, sampleRate),
      })
    }
  })
  return out
}
