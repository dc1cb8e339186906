// The facts line, "≈92 BPM · A minor · 3:41": tempo shown with the confidence it has, key, duration.
import { formatDuration } from '../format/duration.ts'
import type { PosterText } from './types.ts'
import { TEMPO_SURE, tempoLabel as webTempoLabel } from '../../web/js/tempo-label.js'

export { TEMPO_SURE }

/** The web app prints tempi with the same rule (web/js/tempo-label.js). */
export function tempoLabel(t: Pick<PosterText, 'bpm' | 'bpmConfidence'>): string {
  return webTempoLabel(t.bpm, t.bpmConfidence)
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
