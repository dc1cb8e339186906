// A chord-by-chord reading of the per-frame chroma (chroma.ts), for key.ts: how much of the sounding music each
// major and minor triad holds. Relative keys share every note, so the track-level profile hardly tells C major
// from A minor; which of the two tonic triads the music actually sits on does.

import type { ChromaProfile } from './chroma.ts'
import type { Mode } from './types.ts'

/** Frames averaged into one reading (about 0.75 s at the default hop): long enough for a chord, not a phrase. */
const SPAN = 4

/**
 * Vote of a reading whose bass is not on the triad's root (0..1; 1 when there is no bass at all): A-C-E over a
 * held C is as much C6 as A minor, and a bass pedal on the tonic must keep its key.
 */
const INVERTED = 0.5

/**
 * Share of the sounding time (0..1, loudness-weighted) whose best-fitting triad is the major or minor triad on each
 * pitch class. A frame's triad is the one whose three notes hold most of its treble chroma, averaged over `SPAN`.
 */
export function triadShares(c: ChromaProfile): Record<Mode, Float64Array> {
  const frames = c.frameLevel.length
  const out = { major: new Float64Array(12), minor: new Float64Array(12) }
  const sum = new Float64Array(12)
  const bass = new Float64Array(12)
  let total = 0
  for (let f0 = 0; f0 + SPAN <= frames; f0 += SPAN) {
    sum.fill(0)
    bass.fill(0)
    let level = 0
    for (let f = f0; f < f0 + SPAN; f++) {
      level += c.frameLevel[f]
      for (let i = 0; i < 12; i++) sum[i] += c.frameTreble[f * 12 + i]
      for (let i = 0; i < 12; i++) bass[i] += c.frameBass[f * 12 + i]
    }
    let best = 0
    let root = -1
    let mode: Mode = 'major'
    for (let r = 0; r < 12; r++) {
      const base = sum[r] + sum[(r + 7) % 12]
      const maj = base + sum[(r + 4) % 12]
      const min = base + sum[(r + 3) % 12]
      if (maj > best) [best, root, mode] = [maj, r, 'major']
      if (min > best) [best, root, mode] = [min, r, 'minor']
    }
    if (root < 0) continue
    const bsum = bass.reduce((a, x) => a + x, 0)
    const onRoot = bsum > 0 ? bass[root] / bsum : 1
    out[mode][root] += level * (onRoot + INVERTED * (1 - onRoot))
    total += level
  }
  if (total > 0) for (const m of ['major', 'minor'] as const) for (let i = 0; i < 12; i++) out[m][i] /= total
  return out
}
