// Generated grooves for the music corpus: one pattern family per failure kind of the tempo estimator (3:2 and
// 4:3 figures, backbeat, funk break, one-drop, drumless arpeggio, half-time, ballad, hip-hop) plus swing, 3/4,
// 5/4, 6/8, 12/8, drumless tracks and slow tempo drifts. Humanised timing and velocity, a seeded kit per clip.
//
// Labels follow annotated sets: the tempo is the pulse a listener taps - the quarter note in simple meters
// (a half-time groove at 140 keeps eighth hats at 140, so it is 140) and the dotted quarter in 6/8 and 12/8.

import { gauss, makeKit, makeRng, renderNote, type Drum, type Rng, type Voice } from './instruments.ts'

export type GrooveKind =
  | 'comp-dotted8'
  | 'comp-dotted4'
  | 'rock'
  | 'funk'
  | 'one-drop'
  | 'arpeggio'
  | 'half-time'
  | 'ballad'
  | 'hip-hop'
  | 'swing'
  | 'waltz'
  | 'six-eight'
  | 'twelve-eight'
  | 'five-four'
  | 'drumless'
  | 'drift'

export interface GrooveSpec {
  kind: GrooveKind
  bpm: number
  seed: number
  seconds: number
  sampleRate: number
  tonic?: number
  mode?: 'major' | 'minor'
  /** Peak relative tempo change over the clip (0.03 = +-3%), a slow sine. */
  drift?: number
}

export interface Groove {
  samples: Float32Array
  /** Mean tapped tempo over the clip. */
  bpm: number
  tonic: number
  mode: 'major' | 'minor'
}

/** One note or hit at an absolute position in beats (tapped beats). */
interface Ev {
  beat: number
  vel: number
  drum?: Drum
  voice?: Voice
  pitch?: number
  /** Sounding length in beats (pitched voices). */
  len?: number
}

interface Ctx {
  rng: Rng
  tonic: number
  minor: boolean
  bars: number
  /** Scale-degree root of the chord in bar `i`. */
  chordAt: (bar: number) => number[]
  bassAt: (bar: number) => number
  scale: (degree: number, octave: number) => number
}

const MAJOR = [0, 2, 4, 5, 7, 9, 11]
const MINOR = [0, 2, 3, 5, 7, 8, 10]
const PROGRESSIONS = {
  major: [
    [0, 4, 5, 3],
    [0, 3, 4, 0],
    [5, 3, 0, 4],
    [0, 5, 3, 4],
  ],
  minor: [
    [0, 5, 2, 6],
    [0, 3, 4, 0],
    [0, 6, 5, 4],
    [0, 3, 6, 2],
  ],
}

/** Beats per bar of each kind (tapped beats; 6/8 and 12/8 count dotted quarters). */
const BAR_BEATS: Record<GrooveKind, number> = {
  'comp-dotted8': 4,
  'comp-dotted4': 4,
  rock: 4,
  funk: 4,
  'one-drop': 4,
  arpeggio: 4,
  'half-time': 4,
  ballad: 4,
  'hip-hop': 4,
  swing: 4,
  waltz: 3,
  'six-eight': 2,
  'twelve-eight': 4,
  'five-four': 5,
  drumless: 4,
  drift: 4,
}

/** Renders a groove clip. Deterministic for a given spec. */
export function renderGroove(spec: GrooveSpec): Groove {
  const rng = makeRng(spec.seed * 7919 + spec.kind.length * 131 + Math.round(spec.bpm))
  const sr = spec.sampleRate
  const tonic = spec.tonic ?? Math.floor(rng() * 12)
  const mode = spec.mode ?? (rng() < 0.5 ? 'major' : 'minor')
  const minor = mode === 'minor'
  const steps = minor ? MINOR : MAJOR
  const prog = PROGRESSIONS[mode][Math.floor(rng() * 4)]
  const scale = (d: number, octave: number): number => {
    const o = Math.floor(d / 7)
    const k = ((d % 7) + 7) % 7
    return 12 * (octave + 1 + o) + tonic + steps[k]
  }
  const barBeats = BAR_BEATS[spec.kind]
  // Beat positions -> seconds, with an optional slow sine drift of the tempo.
  const drift = spec.drift ?? 0
  const driftPhase = rng() * 2 * Math.PI
  const totalBeats = Math.ceil((spec.seconds * spec.bpm * (1 + drift)) / 60) + barBeats * 2
  const res = 48
  const times = new Float64Array(totalBeats * res + 1)
  for (let i = 1; i < times.length; i++) {
    const b = i / res
    const bpm = spec.bpm * (1 + drift * Math.sin((2 * Math.PI * b) / (totalBeats * 0.8) + driftPhase))
    times[i] = times[i - 1] + 60 / bpm / res
  }
  const timeOf = (b: number): number => {
    const i = Math.min(times.length - 2, Math.max(0, Math.floor(b * res)))
    const f = b * res - i
    return times[i] + (times[i + 1] - times[i]) * f
  }
  const bars = Math.ceil(totalBeats / barBeats)
  const ctx: Ctx = {
    rng,
    tonic,
    minor,
    bars,
    chordAt: (bar) => {
      const r = prog[bar % prog.length]
      return [r, r + 2, r + 4]
    },
    bassAt: (bar) => prog[bar % prog.length],
    scale,
  }
  const events: Ev[] = []
  PATTERNS[spec.kind](ctx, events, barBeats)

  const n = Math.round(spec.seconds * sr)
  const out = new Float32Array(n)
  const kit = makeKit(rng, sr)
  const tight = spec.kind === 'drumless' || spec.kind.startsWith('comp') ? 0.012 : 0.007
  for (const e of events) {
    const t = timeOf(e.beat) + gauss(rng) * tight
    if (t < 0 || t >= spec.seconds) continue
    const vel = Math.max(0.05, e.vel * (1 + 0.12 * gauss(rng)))
    let sound: Float32Array
    let gain: number
    if (e.drum) {
      const v = kit[e.drum]
      sound = v[Math.floor(rng() * v.length)]
      gain = e.drum === 'kick' ? 0.7 : e.drum === 'snare' || e.drum === 'clap' ? 0.5 : 0.25
    } else {
      const secs = timeOf(e.beat + (e.len ?? 1)) - timeOf(e.beat)
      sound = renderNote(e.voice!, e.pitch!, secs, sr, rng)
      gain = e.voice === 'bass' ? 0.35 : e.voice === 'pad' || e.voice === 'strings' ? 0.07 : 0.13
    }
    const start = Math.round(t * sr)
    const g = gain * vel
    for (let i = 0; i < sound.length && start + i < n; i++) out[start + i] += sound[i] * g
  }
  let peak = 0
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(out[i]))
  const norm = peak > 0 ? 0.9 / peak : 1
  for (let i = 0; i < n; i++) out[i] *= norm
  // The mean tapped tempo is what a listener (and the MIREX reference) reports for a drifting clip.
  let beats = 0
  while (timeOf(beats + 1) <= spec.seconds && beats + 1 < totalBeats) beats++
  const meanBpm = beats > 0 ? (60 * beats) / timeOf(beats) : spec.bpm
  return { samples: out, bpm: meanBpm, tonic, mode }
}

type Pattern = (c: Ctx, ev: Ev[], barBeats: number) => void

const drum = (ev: Ev[], beat: number, d: Drum, vel: number): void => void ev.push({ beat, drum: d, vel })
const note = (ev: Ev[], beat: number, v: Voice, pitch: number, len: number, vel: number): void =>
  void ev.push({ beat, voice: v, pitch, len, vel })

/** Chord notes of bar `bar` at `beat`, in the octave `oct`. */
function chord(c: Ctx, ev: Ev[], bar: number, beat: number, v: Voice, len: number, vel: number, oct = 4): void {
  for (const d of c.chordAt(bar)) note(ev, beat, v, c.scale(d, oct), len, vel)
}

function hats(ev: Ev[], b0: number, beats: number, per: number, swing: number, d: Drum = 'hat', vel = 0.5): void {
  for (let b = 0; b < beats; b++)
    for (let k = 0; k < per; k++) {
      const pos = per === 2 && k === 1 ? swing : k / per
      drum(ev, b0 + b + pos, d, k === 0 ? vel : vel * 0.65)
    }
}

const PATTERNS: Record<GrooveKind, Pattern> = {
  // Dotted-eighth figures (3+3+3+3+4 sixteenths) over a quiet beat: the 4:3 trap (80 -> 107).
  'comp-dotted8': (c, ev, bb) => {
    const lead: Voice = c.rng() < 0.5 ? 'piano' : 'pluck'
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      chord(c, ev, bar, b0, 'strings', bb, 0.6, 3)
      for (const s of [0, 3, 6, 9, 12])
        note(ev, b0 + s / 4, lead, c.scale(c.chordAt(bar)[0] + (s % 2) * 2 + 7, 4), 0.7, 0.9)
      note(ev, b0, 'bass', c.scale(c.bassAt(bar), 2), 1.5, 0.8)
      note(ev, b0 + 2, 'bass', c.scale(c.bassAt(bar), 2), 1.5, 0.55)
      for (let b = 0; b < bb; b++) note(ev, b0 + b, 'piano', c.scale(c.chordAt(bar)[1], 3), 0.5, b % 2 ? 0.3 : 0.45)
    }
  },
  // Dotted-quarter figures (3+3+2 eighths) and quarter-note triplets: the 2:3 trap (126 -> 84).
  'comp-dotted4': (c, ev, bb) => {
    const lead: Voice = c.rng() < 0.5 ? 'piano' : 'bell'
    const perc = c.rng() < 0.5
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      const ch = c.chordAt(bar)
      for (const s of [0, 1.5, 3]) chord(c, ev, bar, b0 + s, 'piano', s === 3 ? 1 : 1.5, 0.8, 4)
      for (const s of [0, 1.5, 3]) note(ev, b0 + s, 'bass', c.scale(c.bassAt(bar), 2), 1.4, 0.9)
      if (bar % 2) for (let k = 0; k < 3; k++) note(ev, b0 + (k * 2) / 3, lead, c.scale(ch[k] + 7, 4), 0.6, 0.7)
      else for (let k = 0; k < 4; k++) note(ev, b0 + k, lead, c.scale(ch[k % 3] + 7, 4), 0.9, 0.55)
      if (perc) for (let b = 0; b < bb; b++) drum(ev, b0 + b, 'shaker', 0.35)
    }
  },
  rock: (c, ev, bb) => {
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      drum(ev, b0, 'kick', 1)
      drum(ev, b0 + 2, 'kick', 0.9)
      if (c.rng() < 0.6) drum(ev, b0 + 2.5, 'kick', 0.7)
      drum(ev, b0 + 1, 'snare', 0.95)
      drum(ev, b0 + 3, 'snare', 0.95)
      hats(ev, b0, bb, 2, 0.5)
      for (let k = 0; k < 8; k++) note(ev, b0 + k / 2, 'bass', c.scale(c.bassAt(bar), 2), 0.45, k % 2 ? 0.6 : 0.8)
      chord(c, ev, bar, b0, 'organ', bb, 0.7, 3)
    }
  },
  funk: (c, ev, bb) => {
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      for (const k of [0, 0.75, 2.5, c.rng() < 0.5 ? 2.75 : 3.25]) drum(ev, b0 + k, 'kick', 0.95)
      drum(ev, b0 + 1, 'snare', 1)
      drum(ev, b0 + 3, 'snare', 1)
      for (const g of [1.75, 2.25, 3.5, 3.75]) if (c.rng() < 0.7) drum(ev, b0 + g, 'snare', 0.25)
      for (let k = 0; k < 16; k++) drum(ev, b0 + k / 4, k === 10 ? 'openhat' : 'hat', k % 2 ? 0.3 : 0.55)
      for (const s of [0, 0.75, 1.5, 2.5, 3, 3.5])
        note(ev, b0 + s, 'bass', c.scale(c.bassAt(bar) + (s === 3 ? 4 : 0), 2), 0.3, 0.8)
      for (const s of [0.5, 1.25, 2.5, 3.25]) chord(c, ev, bar, b0 + s, 'pluck', 0.2, 0.45, 4)
    }
  },
  // One-drop: nothing on beat 1, kick and rim together on 3, offbeat skank chords.
  'one-drop': (c, ev, bb) => {
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      drum(ev, b0 + 2, 'kick', 1)
      drum(ev, b0 + 2, 'rim', 0.9)
      hats(ev, b0, bb, 2, 0.6, 'hat', 0.4)
      for (let b = 0; b < bb; b++) chord(c, ev, bar, b0 + b + 0.5, 'organ', 0.25, 0.6, 4)
      for (const s of [0.5, 1, 2.5, 3])
        note(ev, b0 + s, 'bass', c.scale(c.bassAt(bar) + (s === 3 ? 2 : 0), 2), 0.45, 0.85)
    }
  },
  // Sixteenth-note arpeggio, no drums: the onsets come four per beat, the chord changes once a bar.
  arpeggio: (c, ev, bb) => {
    const v: Voice = c.rng() < 0.5 ? 'piano' : 'pluck'
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      const ch = c.chordAt(bar)
      const seq = [ch[0], ch[1], ch[2], ch[0] + 7, ch[2], ch[1], ch[0] + 7, ch[1]]
      for (let k = 0; k < bb * 4; k++) note(ev, b0 + k / 4, v, c.scale(seq[k % 8], 4), 0.4, k % 4 === 0 ? 0.75 : 0.5)
      note(ev, b0, 'bass', c.scale(c.bassAt(bar), 2), bb, 0.8)
      if (c.rng() < 0.5) chord(c, ev, bar, b0, 'pad', bb, 0.6, 3)
    }
  },
  // Half-time: kick on 1, snare on 3 only, eighth hats at the labelled tempo.
  'half-time': (c, ev, bb) => {
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      drum(ev, b0, 'kick', 1)
      if (c.rng() < 0.5) drum(ev, b0 + 1.5, 'kick', 0.7)
      if (c.rng() < 0.4) drum(ev, b0 + 3.5, 'kick', 0.6)
      drum(ev, b0 + 2, 'snare', 1)
      hats(ev, b0, bb, 2, 0.5, 'hat', 0.45)
      note(ev, b0, 'bass', c.scale(c.bassAt(bar), 1), 2, 0.9)
      note(ev, b0 + 2.5, 'bass', c.scale(c.bassAt(bar), 1), 1.5, 0.6)
      chord(c, ev, bar, b0, 'pad', bb, 0.7, 4)
    }
  },
  ballad: (c, ev, bb) => {
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      drum(ev, b0, 'kick', 0.7)
      drum(ev, b0 + 2.5, 'kick', 0.5)
      drum(ev, b0 + 1, 'rim', 0.6)
      drum(ev, b0 + 3, 'rim', 0.6)
      hats(ev, b0, bb, 2, 0.5, 'hat', 0.3)
      for (let b = 0; b < bb; b++) chord(c, ev, bar, b0 + b, 'piano', 1, b === 0 ? 0.7 : 0.45, 4)
      note(ev, b0, 'bass', c.scale(c.bassAt(bar), 2), 2, 0.8)
      note(ev, b0 + 2, 'bass', c.scale(c.bassAt(bar) + 4, 1), 2, 0.6)
      chord(c, ev, bar, b0, 'strings', bb, 0.5, 3)
    }
  },
  // Boom-bap: swung sixteenth feel on the hats, kick 1 / 2-and-a-half, snare (clap) on 2 and 4.
  'hip-hop': (c, ev, bb) => {
    const snare: Drum = c.rng() < 0.5 ? 'snare' : 'clap'
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      for (const k of [0, 0.75, 2.25, 2.5]) drum(ev, b0 + k, 'kick', k === 0 ? 1 : 0.8)
      drum(ev, b0 + 1, snare, 1)
      drum(ev, b0 + 3, snare, 1)
      hats(ev, b0, bb, 2, 0.58, 'hat', 0.45)
      note(ev, b0, 'bass', c.scale(c.bassAt(bar), 1), 0.7, 0.9)
      note(ev, b0 + 2.25, 'bass', c.scale(c.bassAt(bar), 1), 0.9, 0.8)
      if (bar % 2 === 0) chord(c, ev, bar, b0, 'piano', 2, 0.55, 4)
      else chord(c, ev, bar, b0 + 0.5, 'bell', 1, 0.45, 5)
    }
  },
  swing: (c, ev, bb) => {
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      for (const s of [0, 1, 1 + 2 / 3, 2, 3, 3 + 2 / 3]) drum(ev, b0 + s, 'ride', s % 1 ? 0.35 : 0.6)
      drum(ev, b0 + 1, 'hat', 0.4)
      drum(ev, b0 + 3, 'hat', 0.4)
      if (c.rng() < 0.3) drum(ev, b0 + 2 + 2 / 3, 'snare', 0.25)
      const walk = [0, 2, 4, 5]
      for (let b = 0; b < bb; b++) note(ev, b0 + b, 'bass', c.scale(c.bassAt(bar) + walk[b], 2), 0.9, 0.8)
      const comp = c.rng() < 0.5 ? [1 + 2 / 3, 3] : [0, 2 + 2 / 3]
      for (const s of comp) chord(c, ev, bar, b0 + s, 'piano', 0.6, 0.5, 4)
    }
  },
  // Waltz: bass on 1, chords on 2 and 3 (oom-pa-pa), a melody note per beat now and then.
  waltz: (c, ev, bb) => {
    const v: Voice = c.rng() < 0.5 ? 'piano' : 'strings'
    const drums = c.rng() < 0.5
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      note(ev, b0, 'bass', c.scale(c.bassAt(bar), 2), 1, 0.9)
      chord(c, ev, bar, b0 + 1, 'piano', 0.8, 0.5, 4)
      chord(c, ev, bar, b0 + 2, 'piano', 0.8, 0.45, 4)
      note(ev, b0, v, c.scale(c.chordAt(bar)[bar % 3] + 7, 4), bar % 2 ? 3 : 2, 0.7)
      if (drums) {
        drum(ev, b0, 'kick', 0.8)
        drum(ev, b0 + 1, 'hat', 0.4)
        drum(ev, b0 + 2, 'hat', 0.4)
      }
    }
  },
  // 6/8: two dotted-quarter beats a bar, eighths in threes; kick on 1, snare on 4 (the second beat).
  'six-eight': (c, ev, bb) => {
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      drum(ev, b0, 'kick', 1)
      drum(ev, b0 + 1, 'snare', 0.85)
      for (let k = 0; k < 6; k++) drum(ev, b0 + k / 3, 'hat', k % 3 === 0 ? 0.5 : 0.3)
      for (let k = 0; k < 6; k++)
        note(ev, b0 + k / 3, 'pluck', c.scale(c.chordAt(bar)[k % 3], 4), 0.3, k % 3 ? 0.4 : 0.6)
      note(ev, b0, 'bass', c.scale(c.bassAt(bar), 2), 1, 0.9)
      note(ev, b0 + 1, 'bass', c.scale(c.bassAt(bar) + 4, 1), 1, 0.7)
    }
  },
  // 12/8 slow blues shuffle: four dotted-quarter beats, triplet eighths on the hat and piano.
  'twelve-eight': (c, ev, bb) => {
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      drum(ev, b0, 'kick', 1)
      drum(ev, b0 + 2, 'kick', 0.8)
      drum(ev, b0 + 1, 'snare', 0.9)
      drum(ev, b0 + 3, 'snare', 0.9)
      for (let k = 0; k < 12; k++) drum(ev, b0 + k / 3, 'hat', k % 3 === 0 ? 0.5 : 0.28)
      for (let k = 0; k < 12; k++) if (k % 3 !== 1) chord(c, ev, bar, b0 + k / 3, 'piano', 0.3, k % 3 ? 0.3 : 0.45, 4)
      for (let b = 0; b < bb; b++) note(ev, b0 + b, 'bass', c.scale(c.bassAt(bar) + [0, 2, 4, 2][b], 2), 0.9, 0.8)
    }
  },
  // 5/4 in 3 + 2 (a Take Five vamp): ride in swung eighths, bass and chords on 1 and 4, light snare on 4.
  'five-four': (c, ev, bb) => {
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      for (let b = 0; b < bb; b++) for (const s of [0, 2 / 3]) drum(ev, b0 + b + s, 'ride', s ? 0.3 : 0.5)
      drum(ev, b0, 'kick', 0.8)
      drum(ev, b0 + 3, 'snare', 0.5)
      for (const s of [0, 1.5, 3]) chord(c, ev, bar, b0 + s, 'piano', s === 3 ? 1.5 : 1, 0.55, 4)
      note(ev, b0, 'bass', c.scale(c.bassAt(bar), 2), 1.5, 0.85)
      note(ev, b0 + 3, 'bass', c.scale(c.bassAt(bar) + 4, 1), 1.5, 0.7)
    }
  },
  // No drums: chords on the beats (piano or strings), a bass line, an eighth-note melody with rests.
  drumless: (c, ev, bb) => {
    const v: Voice = c.rng() < 0.5 ? 'piano' : 'pluck'
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      const ch = c.chordAt(bar)
      for (let b = 0; b < bb; b++) chord(c, ev, bar, b0 + b, v, 0.9, b === 0 ? 0.6 : 0.4, 3)
      note(ev, b0, 'bass', c.scale(c.bassAt(bar), 2), 2, 0.8)
      note(ev, b0 + 2, 'bass', c.scale(c.bassAt(bar) + 4, 1), 2, 0.6)
      for (let k = 0; k < bb * 2; k++) {
        if (c.rng() < 0.35) continue
        note(ev, b0 + k / 2, v === 'piano' ? 'bell' : 'piano', c.scale(ch[k % 3] + 7 + (k % 2), 4), 0.45, 0.5)
      }
    }
  },
  // A pop groove (four-on-the-floor or backbeat) whose tempo drifts slowly; the label is the mean tempo.
  drift: (c, ev, bb) => {
    const four = c.rng() < 0.5
    for (let bar = 0; bar < c.bars; bar++) {
      const b0 = bar * bb
      for (let b = 0; b < bb; b++) if (four || b % 2 === 0) drum(ev, b0 + b, 'kick', 1)
      drum(ev, b0 + 1, 'snare', 0.9)
      drum(ev, b0 + 3, 'snare', 0.9)
      hats(ev, b0, bb, 2, 0.5, four ? 'hat' : 'shaker', 0.45)
      for (let k = 0; k < 4; k++) note(ev, b0 + k, 'bass', c.scale(c.bassAt(bar), 2), 0.8, 0.8)
      chord(c, ev, bar, b0, 'pad', bb, 0.6, 4)
    }
  },
}
