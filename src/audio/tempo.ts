// Tempo estimation from an onset envelope: autocorrelation tempogram + log-Gaussian prior to find the pulse
// family, a metrical-level decision to pick the beat within it, then tempo curve, beat grid and candidates.
//
// Metrical level (octave errors) - the rule, in order:
//  1. The family: the strongest ACF peak weighted by a log-Gaussian prior (centre 120 BPM, sigma 1 octave),
//     and its power-of-two relatives (x1/4..x4) with a real ACF peak (r >= 0.1), within 30-300 BPM.
//  2. A level whose alternate beats differ strongly (even/odd accent ratio < ALT_MIN) is a subdivision:
//     its "beats" are really beats + off-beats. The beat is the fastest level that is not a subdivision,
//     capped at 210 BPM (faster only when nothing else qualifies).
//  3. Half-time feel: when the chosen level is slow (< 90 BPM) and filled with sixteenths (onsets half-way
//     between the eighths, and a periodicity at 4x), the groove is read as eighths at double tempo - the
//     convention of annotated sets, where a half-time groove at 140 is labelled 140 (see test/helpers/synth.ts).

import type { TempoResult } from './types.ts'
import type { OnsetEnvelope } from './onset.ts'
import { autocorrelate, atLag, refinePeak } from './tempogram.ts'
import { pulseStats, type PulseStats } from './pulse.ts'
import { trackBeats } from './beat-track.ts'

export const MIN_BPM = 30
export const MAX_BPM = 300
const PRIOR_CENTRE_BPM = 120
const PRIOR_SIGMA_OCTAVES = 1
const ALT_MIN = 0.38
const PREFERRED_MAX_BPM = 210
const MIN_BEAT_BPM = 60

/** Log-Gaussian tempo prior, 1 at 120 BPM, 0.61 one octave away. */
export function tempoPrior(bpm: number): number {
  const o = Math.log2(bpm / PRIOR_CENTRE_BPM) / PRIOR_SIGMA_OCTAVES
  return Math.exp(-0.5 * o * o)
}

interface Level {
  bpm: number
  lag: number
  acf: number
  pulse: PulseStats
}

/** Estimates tempo, confidence, tempo curve, beat grid and candidates from onset envelopes. */
export function estimateTempo(env: OnsetEnvelope): TempoResult {
  const { fps, strength } = env
  const n = strength.length
  const accent = new Float32Array(n)
  for (let i = 0; i < n; i++) accent[i] = strength[i] + env.low[i]
  const maxLag = Math.min(n - 1, Math.ceil((fps * 60 * 4) / MIN_BPM / 2))
  // Onset peaks are one frame wide: unsmoothed, the ACF at a fractional beat lag (20.8 frames at 124 BPM)
  // falls between two integer lags and nearly vanishes. A short blur makes periodicity visible at any lag.
  // The ACF runs on the accent (full band + low band): on full-band flux alone a backbeat's snares
  // dwarf its kicks, the beat lag loses to the half-bar lag, and 128 BPM reads as 64.
  const smooth = blur(accent)
  const r = autocorrelate(smooth, maxLag)
  const peaks = acfPeaks(r, fps)
  if (!peaks.length || n < 4) return emptyTempo()

  const top = peaks.reduce((a, b) => (b.score * tempoPrior(b.bpm) > a.score * tempoPrior(a.bpm) ? b : a))
  const level = (bpm: number): Level | undefined => {
    const guess = (fps * 60) / bpm
    if (guess >= r.length - 1 || bpm > MAX_BPM * 1.02 || bpm < MIN_BPM * 0.98) return undefined
    const lag = refinePeak(r, guess, Math.max(1, guess * 0.03))
    const acf = atLag(r, lag)
    return acf >= 0.1 ? { bpm: (fps * 60) / lag, lag, acf, pulse: pulseStats(strength, accent, lag) } : undefined
  }
  const ladder = [0.25, 0.5, 1, 2, 4].map((m) => level(top.bpm * m)).filter((l): l is Level => !!l)
  const beat = chooseBeatLevel(ladder, level) ?? level(top.bpm)!
  const lag = preciseLag(r, beat.lag)
  const bpm = clamp((fps * 60) / lag, MIN_BPM, MAX_BPM)

  const beats = trackBeats(strength, lag).map((f) => round3(f / fps))
  const contrast = beat.pulse.mean > 0 ? beat.pulse.onBeat / beat.pulse.mean : 0
  // Periodicity (ACF at one or two beats: a bar-level repeat counts) times on-beat contrast.
  const periodicity = Math.max(beat.acf, atLag(r, 2 * lag))
  const confidence = Math.sqrt(clamp(periodicity, 0, 1)) * clamp((contrast - 1) / 3, 0, 1)
  const candidates = rankCandidates(peaks, bpm)
  return {
    bpm: round1(bpm),
    confidence: round3(confidence),
    curve: tempoCurve(smooth, fps, lag),
    beats,
    candidates,
    alternatives: [],
  }
}

/** Rule 2 and 3 of the header: the fastest non-subdivision level, then the half-time check. */
function chooseBeatLevel(ladder: Level[], level: (bpm: number) => Level | undefined): Level | undefined {
  // A backbeat alternates too; a level is only read as a subdivision when the beat it implies (half
  // its tempo) is still a plausible beat (>= MIN_BEAT_BPM).
  const valid = ladder.filter((l) => l.pulse.alternation >= ALT_MIN || l.bpm / 2 < MIN_BEAT_BPM)
  const pool = valid.length ? valid : ladder
  const preferred = pool.filter((l) => l.bpm <= PREFERRED_MAX_BPM)
  let best = (preferred.length ? preferred : pool).reduce<Level | undefined>(
    (a, b) => (!a || (preferred.length ? b.bpm > a.bpm : tempoPrior(b.bpm) > tempoPrior(a.bpm)) ? b : a),
    undefined,
  )
  if (best && best.bpm < 90) {
    const eighths = level(best.bpm * 2)
    const sixteenths = level(best.bpm * 4)
    const fill = eighths ? eighths.pulse.offBeat / Math.max(1e-9, eighths.pulse.onBeat) : 0
    if (eighths && sixteenths && fill + sixteenths.acf >= 0.35) best = eighths
  }
  return best
}

/** Averages the lag over the ACF peaks at 1..4 periods: four times the resolution of a single peak. */
function preciseLag(r: Float64Array, lag: number): number {
  let num = 0
  let den = 0
  for (let k = 1; k <= 4; k++) {
    if (k * lag >= r.length - 2) break
    const p = refinePeak(r, k * lag, Math.max(1, lag * 0.04 * k))
    const w = Math.max(0, atLag(r, p))
    num += (p / k) * w * k
    den += w * k
  }
  return den > 0 ? num / den : lag
}

/** Local maxima of the ACF within 30-300 BPM, strongest first, with their BPM. */
function acfPeaks(r: Float64Array, fps: number): { bpm: number; score: number }[] {
  const lo = Math.max(2, Math.floor((fps * 60) / MAX_BPM))
  const hi = Math.min(r.length - 2, Math.ceil((fps * 60) / MIN_BPM))
  const out: { bpm: number; score: number }[] = []
  for (let l = lo; l <= hi; l++) {
    if (r[l] > 0.05 && r[l] >= r[l - 1] && r[l] > r[l + 1])
      out.push({ bpm: (fps * 60) / refinePeak(r, l, 1), score: r[l] })
  }
  return out.sort((a, b) => b.score - a.score)
}

/** Candidates: the chosen tempo first, then other ACF peaks (x prior), de-duplicated within 3%. */
function rankCandidates(peaks: { bpm: number; score: number }[], bpm: number): { bpm: number; score: number }[] {
  const scored = peaks
    .map((p) => ({ bpm: p.bpm, score: p.score * tempoPrior(p.bpm) }))
    .sort((a, b) => b.score - a.score)
  const out = [{ bpm: round1(bpm), score: 1 }]
  const max = scored[0]?.score || 1
  for (const p of scored) {
    if (out.length >= 5) break
    if (out.some((o) => Math.abs(o.bpm - p.bpm) / o.bpm < 0.03)) continue
    out.push({ bpm: round1(p.bpm), score: round3(p.score / max) })
  }
  return out
}

const WINDOW_SEC = 10
const STEP_SEC = 4

/**
 * Tempo over time: a 10 s window every 4 s, each taking the strongest ACF peak within -20%/+25% of the global
 * period, so a drifting tempo is followed without jumping to another metrical level.
 */
function tempoCurve(x: Float32Array, fps: number, lag: number): { t: number; bpm: number }[] {
  const win = Math.round(WINDOW_SEC * fps)
  const step = Math.round(STEP_SEC * fps)
  const curve: { t: number; bpm: number }[] = []
  const maxLag = Math.ceil(lag * 1.25) + 2
  if (x.length < win) return [{ t: round1(x.length / fps / 2), bpm: round1((fps * 60) / lag) }]
  for (let from = 0; from + win <= x.length; from += step) {
    const r = autocorrelate(x, maxLag, from, from + win)
    let best = Math.round(lag)
    for (let l = Math.floor(lag * 0.8); l <= Math.min(maxLag - 1, Math.ceil(lag * 1.25)); l++)
      if (r[l] > r[best]) best = l
    const p = r[best] > 0.05 ? refinePeak(r, best, 1) : lag
    curve.push({ t: round1((from + win / 2) / fps), bpm: round1(clamp((fps * 60) / p, MIN_BPM, MAX_BPM)) })
  }
  return curve
}

/** Convolves with a 5-tap triangle (1 2 3 2 1)/9: +-2 frames, i.e. +-46 ms at 43 fps. */
function blur(x: Float32Array): Float32Array {
  const k = [1 / 9, 2 / 9, 3 / 9, 2 / 9, 1 / 9]
  const y = new Float32Array(x.length)
  for (let i = 0; i < x.length; i++) {
    let s = 0
    for (let j = -2; j <= 2; j++) {
      const t = i + j
      if (t >= 0 && t < x.length) s += x[t] * k[j + 2]
    }
    y[i] = s
  }
  return y
}

function emptyTempo(): TempoResult {
  return { bpm: PRIOR_CENTRE_BPM, confidence: 0, curve: [], beats: [], candidates: [], alternatives: [] }
}

const clamp = (x: number, lo: number, hi: number): number => (Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo)
const round1 = (x: number): number => Math.round(x * 10) / 10
const round3 = (x: number): number => Math.round(x * 1000) / 1000
