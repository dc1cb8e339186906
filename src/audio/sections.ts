// Sections: segments of similar energy, found as change points of a smoothed loudness curve and labelled
// intro / low / mid / high / outro. Coarse by design: the poster layout wants "quiet start, big chorus".

import type { Section } from './types.ts'
import { type BlockEnergy, toDb, dbToLevel } from './features.ts'

/** Shortest section, seconds (shorter tracks get proportionally shorter ones). */
const MIN_SECTION_SEC = 8
/** Level change (0..1 scale) that counts as a new section. */
const MIN_STEP = 0.06

/** Finds sections over the whole track; always at least one, covering 0..duration without gaps. */
export function findSections(e: BlockEnergy, durationSec: number): Section[] {
  // 1 s loudness points, then a 3-point median against single drum fills.
  const per = Math.max(1, Math.round(e.rate))
  const level: number[] = []
  for (let i = 0; i < e.rms.length; i += per) {
    let s = 0
    const end = Math.min(e.rms.length, i + per)
    for (let k = i; k < end; k++) s += e.rms[k] * e.rms[k]
    level.push(dbToLevel(toDb(Math.sqrt(s / (end - i)))))
  }
  const n = level.length
  const minLen = Math.max(2, Math.min(MIN_SECTION_SEC, Math.floor(n / 4)))
  // Novelty: |mean of the next w seconds - mean of the previous w|, a 1-D checkerboard kernel.
  const w = minLen
  const novelty = new Float64Array(n)
  for (let i = w; i + w <= n; i++) {
    let a = 0
    let b = 0
    for (let k = i - w; k < i; k++) a += level[k]
    for (let k = i; k < i + w; k++) b += level[k]
    novelty[i] = Math.abs(b - a) / w
  }
  // Greedy peak picking: strongest change first, keeping sections >= minLen apart.
  const order = Array.from(novelty.keys()).sort((x, y) => novelty[y] - novelty[x])
  const cuts: number[] = []
  for (const i of order) {
    if (novelty[i] < MIN_STEP) break
    if (cuts.every((c) => Math.abs(c - i) >= minLen)) cuts.push(i)
  }
  const bounds = [0, ...cuts.sort((x, y) => x - y), n]
  const mean = (a: number, b: number): number => level.slice(a, b).reduce((s, x) => s + x, 0) / Math.max(1, b - a)
  const segs = bounds.slice(1).map((end, i) => ({ a: bounds[i], b: end, energy: mean(bounds[i], end) }))
  const energies = segs.map((s) => s.energy)
  const lo = Math.min(...energies)
  const hi = Math.max(...energies)
  const spread = hi - lo
  const sections: Section[] = segs.map((s, i) => {
    const rel = spread > 0.05 ? (s.energy - lo) / spread : 0.5
    let label: Section['label'] = rel < 1 / 3 ? 'low' : rel < 2 / 3 ? 'mid' : 'high'
    // A quieter first/last section is an intro/outro; a single-section track is just its level.
    if (segs.length > 2 && i === 0 && rel < 0.5) label = 'intro'
    if (segs.length > 2 && i === segs.length - 1 && rel < 0.5) label = 'outro'
    return {
      start: Math.round(Math.min(durationSec, (s.a * per) / e.rate) * 10) / 10,
      end: Math.round(Math.min(durationSec, i === segs.length - 1 ? durationSec : (s.b * per) / e.rate) * 10) / 10,
      energy: Math.round(s.energy * 1000) / 1000,
      label,
    }
  })
  return sections
}
