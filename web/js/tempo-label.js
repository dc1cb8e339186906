// How a tempo is printed, on posters (server) and in the web app alike: with the confidence it has.

/** Below this tempo confidence (0..1) the tempo is printed as an estimate: "≈92 BPM". */
export const TEMPO_SURE = 0.5

/**
 * "128 BPM", or "≈92 BPM" when the metrical level is a judgement call; no confidence known: as is.
 * @param {number} bpm @param {number} [confidence]
 */
export function tempoLabel(bpm, confidence) {
  const sure = confidence === undefined || confidence >= TEMPO_SURE
  return `${sure ? '' : '≈'}${Math.round(bpm)} BPM`
}

/**
 * "or 184" for the other plausible levels, when the estimate is unsure.
 * @param {number[]} [alternatives] @param {number} [confidence]
 */
export function tempoAlternatives(alternatives, confidence) {
  if (!alternatives?.length || (confidence !== undefined && confidence >= TEMPO_SURE)) return ''
  return `or ${alternatives
    .slice(0, 2)
    .map((b) => Math.round(b))
    .join(' / ')}`
}
