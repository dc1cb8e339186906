// Presentation of an AudioAnalysis: a readable CLI summary and the public JSON contract
// (`mus2pic analyze --json`, other tools read it: keep fields stable, add rather than rename).

import { formatDuration as mmss } from '../format/duration.ts'
import type { AudioAnalysis } from './types.ts'

/** Multi-line human summary, e.g. "Tempo     128.0 BPM (confidence 0.82)". */
export function formatAnalysisSummary(a: AudioAnalysis): string {
  const pct = (x: number): string => `${Math.round(x * 100)}%`
  const cands = a.tempo.candidates
    .slice(1, 4)
    .map((c) => c.bpm.toFixed(1))
    .join(', ')
  const alts = (a.tempo.alternatives ?? []).map((b) => b.toFixed(1)).join(', ')
  const bpms = a.tempo.curve.map((p) => p.bpm)
  const drift = bpms.length ? ` (over time ${Math.min(...bpms).toFixed(1)}-${Math.max(...bpms).toFixed(1)})` : ''
  const lines = [
    `Duration  ${mmss(a.durationSec)} (${a.durationSec.toFixed(1)} s)`,
    `Tempo     ${a.tempo.bpm.toFixed(1)} BPM, confidence ${a.tempo.confidence.toFixed(2)}${drift}${alts ? `; or ${alts}` : cands ? `; also ${cands}` : ''}`,
    `Key       ${a.key.tonic} ${a.key.mode} (${a.key.camelot}), confidence ${a.key.confidence.toFixed(2)}`,
    `Energy    level ${pct(a.energy.level)}, loudness ${a.energy.loudnessDb.toFixed(1)} dBFS, ` +
      `dynamic range ${a.energy.dynamicRangeDb.toFixed(1)} dB`,
    `Mood      ${a.mood.label} (arousal ${a.mood.arousal.toFixed(2)}, valence ${a.mood.valence.toFixed(2)}), ` +
      `danceability ${pct(a.mood.danceability)}, beat strength ${pct(a.mood.beatStrength)}`,
    `Timbre    brightness ${pct(a.spectral.brightness)}, centroid ${Math.round(a.spectral.centroidHz)} Hz, rolloff ${Math.round(a.spectral.rolloffHz)} Hz`,
    `Sections  ${a.sections.map((s) => `${s.label} ${mmss(s.start)}-${mmss(s.end)}`).join(', ')}`,
    `Analysed  in ${Math.round(a.timings.totalMs)} ms (${(a.durationSec / Math.max(1e-3, a.timings.totalMs / 1000)).toFixed(0)}x realtime)`,
  ]
  return lines.join('\n')
}

/** Options for the contract JSON. */
export interface ContractJsonOptions {
  /** Include the big arrays (beats, curves, waveform, chroma, mfcc). Default false. */
  full?: boolean
}

/** The public JSON contract: `{durationSec, tempo, key, energy, mood, spectral, sections, timings, version}`. */
export function analysisToContractJson(a: AudioAnalysis, opts: ContractJsonOptions = {}): Record<string, unknown> {
  const full = !!opts.full
  return {
    version: a.version,
    durationSec: a.durationSec,
    tempo: {
      bpm: a.tempo.bpm,
      confidence: a.tempo.confidence,
      candidates: a.tempo.candidates,
      alternatives: a.tempo.alternatives ?? [],
      ...(full ? { curve: a.tempo.curve, beats: a.tempo.beats } : { beatCount: a.tempo.beats.length }),
    },
    key: {
      tonic: a.key.tonic,
      mode: a.key.mode,
      confidence: a.key.confidence,
      camelot: a.key.camelot,
      ...(full ? { chroma: a.key.chroma } : {}),
    },
    energy: {
      level: a.energy.level,
      rmsMean: a.energy.rmsMean,
      loudnessDb: a.energy.loudnessDb,
      dynamicRangeDb: a.energy.dynamicRangeDb,
      ...(full ? { curve: a.energy.curve } : {}),
    },
    mood: a.mood,
    spectral: {
      centroidHz: a.spectral.centroidHz,
      rolloffHz: a.spectral.rolloffHz,
      flatness: a.spectral.flatness,
      zcr: a.spectral.zcr,
      brightness: a.spectral.brightness,
      ...(full ? { mfcc: a.spectral.mfcc } : {}),
    },
    sections: a.sections,
    ...(full ? { waveform: a.waveform } : {}),
    timings: a.timings,
  }
}
