// Tempo estimation from onset envelopes: an autocorrelation tempogram of the accent (full-band + low-band flux)
// gives periodicity peaks; the metrical level - which related periodicity a listener taps (x2, x1/2, x3/2, x2/3)
// - is chosen by src/audio/metre.ts (beat-grid consistency, bar-level repeats, fitted log-normal prior); then the
// tempo curve, beat grid, candidates and the other plausible levels (`alternatives`).

import type { TempoResult } from './types.ts'
import type { OnsetEnvelope } from './onset.ts'
import { autocorrelate, atLag, refinePeak } from './tempogram.ts'
import { trackBeats } from './beat-track.ts'
import { METRE_MODEL, metreCandidates, rankMetre, type MetreCandidate, type MetreModel } from './metre.ts'

export const MIN_BPM = 30
export const MAX_BPM = 300
const PRIOR_CENTRE_BPM = 120
const PRIOR_SIGMA_OCTAVES = 1
/** The ACF reaches 4 beats at 40 BPM (6 s), so bar-level repeats of slow tempi are visible. */
const MAX_LAG_SEC = 6.2
/** Alternatives: levels related to the chosen one by these ratios, best-scored first. */
const ALTERNATIVE_RATIOS = [2, 0.5, 1.5, 2 / 3]

/** Log-Gaussian tempo prior, 1 at 120 BPM, 0.61 one octave away (ranks the ACF candidates). */
export function tempoPrior(bpm: number): number {
  const o = Math.log2(bpm / PRIOR_CENTRE_BPM) / PRIOR_SIGMA_OCTAVES
  return Math.exp(-0.5 * o * o)
}

/** The tempogram evidence the level choice works on; exported for the fitting script. */
export interface TempoEvidence {
  fps: number
  smooth: Float32Array
  r: Float64Array
  peaks: { bpm: number; score: number }[]
  candidates: MetreCandidate[]
}

export function tempoEvidence(env: OnsetEnvelope): TempoEvidence {
  const { fps, strength } = env
  const n = strength.length
  const accent = new Float32Array(n)
  for (let i = 0; i < n; i++) accent[i] = strength[i] + env.low[i]
  const maxLag = Math.max(2, Math.min(n - 1, Math.ceil(fps * MAX_LAG_SEC)))
  // Onset peaks are one frame wide: unsmoothed, the ACF at a fractional beat lag (20.8 frames at 124 BPM)
  // falls between two integer lags and nearly vanishes. A short blur makes periodicity visible at any lag.
  // The ACF runs on the accent (full band + low band): on full-band flux alone a backbeat's snares
  // dwarf its kicks, the beat lag loses to the half-bar lag, and 128 BPM reads as 64.
  const smooth = blur(accent)
  const r = autocorrelate(smooth, maxLag)
  const peaks = n < 4 ? [] : acfPeaks(r, fps)
  const candidates = peaks.length ? metreCandidates(r, fps, peaks, strength, accent, env.high) : []
  return { fps, smooth, r, peaks, candidates }
}

/** Estimates tempo, confidence, tempo curve, beat grid, candidates and alternatives from onset envelopes. */
export function estimateTempo(env: OnsetEnvelope, model: MetreModel = METRE_MODEL): TempoResult {
  const ev = tempoEvidence(env)
  const { fps, r, smooth } = ev
  if (!ev.candidates.length) return emptyTempo()
  const ranked = rankMetre(ev.candidates, model)
  const beat = ranked[0].c
  const lag = preciseLag(r, beat.lag)
  const bpm = clamp((fps * 60) / lag, MIN_BPM, MAX_BPM)

  const beats = trackBeats(env.strength, lag).map((f) => round3(f / fps))
  // Confidence: how sure the level choice is (softmax share of the winner among the candidates) times how
  // periodic the track is at all (ACF at one or two beats: a bar-level repeat counts).
  let z = 0
  for (const x of ranked) z += Math.exp(x.s - ranked[0].s)
  const share = 1 / z
  const periodicity = clamp(Math.max(beat.acf, atLag(r, 2 * lag)), 0, 1)
  const confidence = Math.sqrt(periodicity) * share
  const alternatives: number[] = []
  for (const x of ranked.slice(1)) {
    const ratio = x.c.bpm / bpm
    if (alternatives.length < 3 && ALTERNATIVE_RATIOS.some((q) => Math.abs(ratio / q - 1) < 0.04))
      alternatives.push(round1(x.c.bpm))
  }
  const candidates = rankCandidates(ev.peaks, bpm)
  return {
    bpm: round1(bpm),
    confidence: round3(confidence),
    curve: tempoCurve(smooth, fps, lag),
    beats,
    candidates,
    alternatives,
  }
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
