// The whole-track analysis: PCM in, AudioAnalysis out, reporting each result as soon as it is known
// (duration, tempo, key, energy, mood) and yielding to the event loop between stages so SSE can flush.

import type { AnalysisPartial, AudioAnalysis, Pcm } from './types.ts'
import { AppError, throwIfAborted } from '../errors.ts'
import { ANALYSIS_RATE, resample } from './resample.ts'
import { computeOnsetEnvelope } from './onset.ts'
import { estimateTempo } from './tempo.ts'
import { computeChroma } from './chroma.ts'
import { estimateKey } from './key.ts'
import { computeBlockEnergy, computeSpectral, summariseEnergy, waveformPeaks } from './features.ts'
import { findSections } from './sections.ts'
import { estimateMood } from './mood.ts'

/** Bump when results change meaning or accuracy: cached analyses of older versions are recomputed. */
export const ANALYSIS_VERSION = 2
/** Shortest track we analyse, seconds (tempo needs a few bars). */
export const MIN_DURATION_SEC = 3

export interface AnalyseOptions {
  /** Called with each partial result as soon as it is known, in order: duration, tempo, key, energy, mood. */
  onPartial?: (p: AnalysisPartial) => void
  /** Checked between stages; aborting throws AppError('CANCELLED'). */
  signal?: AbortSignal
}

const nextTick = (): Promise<void> => new Promise((r) => setImmediate(r))

/** Analyses a whole track. Throws AUDIO_TOO_SHORT below 3 s and INVALID_AUDIO for a bad sample rate. */
export async function analyseAudio(pcm: Pcm, opts: AnalyseOptions = {}): Promise<AudioAnalysis> {
  const { onPartial, signal } = opts
  const t0 = performance.now()
  if (!(pcm.sampleRate >= 8000 && pcm.sampleRate <= 384000)) {
    throw new AppError('INVALID_AUDIO', `sample rate must be 8000-384000 Hz, got ${pcm.sampleRate}`)
  }
  const durationSec = pcm.samples.length / pcm.sampleRate
  if (durationSec < MIN_DURATION_SEC) {
    throw new AppError('AUDIO_TOO_SHORT', `need >= ${MIN_DURATION_SEC} s of audio, got ${durationSec.toFixed(1)} s`)
  }
  throwIfAborted(signal, 'analysis')
  onPartial?.({ kind: 'duration', durationSec })
  const x = sanitize(resample(pcm.samples, pcm.sampleRate, ANALYSIS_RATE))
  const sr = ANALYSIS_RATE

  let t = performance.now()
  const onset = computeOnsetEnvelope(x, sr)
  const onsetMs = performance.now() - t
  await nextTick()
  throwIfAborted(signal, 'analysis')
  t = performance.now()
  const tempo = estimateTempo(onset)
  const tempoMs = performance.now() - t + onsetMs
  onPartial?.({ kind: 'tempo', tempo })
  await nextTick()
  throwIfAborted(signal, 'analysis')

  t = performance.now()
  const key = estimateKey(computeChroma(x, sr))
  const keyMs = performance.now() - t
  onPartial?.({ kind: 'key', key })
  await nextTick()
  throwIfAborted(signal, 'analysis')

  t = performance.now()
  const blocks = computeBlockEnergy(x, sr)
  const energy = summariseEnergy(blocks)
  onPartial?.({ kind: 'energy', energy })
  await nextTick()
  throwIfAborted(signal, 'analysis')
  const spectral = computeSpectral(x, sr)
  const sections = findSections(blocks, durationSec)
  const waveform = waveformPeaks(blocks)
  const featuresMs = performance.now() - t
  await nextTick()
  throwIfAborted(signal, 'analysis')

  t = performance.now()
  const mood = estimateMood(tempo, key, energy, spectral)
  const moodMs = performance.now() - t
  onPartial?.({ kind: 'mood', mood })
  const ms = (v: number): number => Math.round(v * 10) / 10
  return {
    version: ANALYSIS_VERSION,
    durationSec: Math.round(durationSec * 1000) / 1000,
    sampleRate: pcm.sampleRate,
    tempo,
    key,
    energy,
    spectral,
    mood,
    sections,
    waveform,
    timings: {
      featuresMs: ms(featuresMs),
      tempoMs: ms(tempoMs),
      keyMs: ms(keyMs),
      moodMs: ms(moodMs),
      totalMs: ms(performance.now() - t0),
    },
  }
}

/** Replaces NaN/Infinity samples (a broken decoder) with 0 and clips to [-1, 1], so no NaN spreads. */
function sanitize(x: Float32Array): Float32Array {
  let bad = false
  for (let i = 0; i < x.length; i++)
    if (!(x[i] >= -1 && x[i] <= 1)) {
      bad = true
      break
    }
  if (!bad) return x
  const y = new Float32Array(x.length)
  for (let i = 0; i < x.length; i++) y[i] = Number.isFinite(x[i]) ? Math.max(-1, Math.min(1, x[i])) : 0
  return y
}
