// The facts line, "≈92 BPM · A minor · 3:41": tempo shown with the confidence it has, key, duration.
import { formatDuration } from '../format/duration.ts'
import type { PosterText } from './types.ts'

/** Below this tempo confidence (0..1) the tempo is printed as an estimate: "≈92 BPM". */
export const TEMPO_SURE = 0.5

export function tempoLabel(t: Pick<PosterText, 'bpm' | 'bpmConfidence'>): string {
  const bpm = Math.round(t.bpm)
  // no confidence known (older callers): print what we have, as before
  const sure = t.bpmConfidence === undefined || t.bpmConfidence >= TEMPO_SURE
  return `${sure ? '' : '≈'}${bpm} BPM`
}

/** The facts as separate parts, so a narrow column can wrap them between parts. */
export function factParts(t: Pick<PosterText, 'bpm' | 'bpmConfidence' | 'keyLabel' | 'durationSec'>): string[] {
  return [
    t.bpm > 0 ? tempoLabel(t) : '',
    t.keyLabel.trim(),
    t.durationSec > 0 ? formatDuration(t.durationSec) : '',
  ].filter(Boolean)
}

export function factsLine(t: Pick<PosterText, 'bpm' | 'bpmConfidence' | 'keyLabel' | 'durationSec'>): string {
  return factParts(t).join(' · ')
}
