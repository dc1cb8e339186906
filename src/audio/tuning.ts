// Tuning estimation: how far the track's pitches sit from the A440 equal-tempered grid, in cents, from the
// frequencies of its spectral peaks. chroma.ts shifts its pitch-class bins by this before naming notes.

/** Width of the tuning histogram's bins, cents (100 bins across one semitone). */
const BIN_CENTS = 1
/** Peaks outside this range say little about tuning: bass bins are too coarse, the top is mostly noise. */
const MIN_HZ = 150
const MAX_HZ = 3000

/**
 * Deviation from A440 in cents, -50..50 (positive = sharp), of peaks at `freqs` (Hz) with weights `mags`.
 * A circular histogram of each peak's offset from its nearest semitone, smoothed over +-12 cents and read at its
 * maximum (a mean would be pulled by the 5th and 7th harmonics, which sit 14 and 31 cents flat of the grid).
 * Returns 0 when there are no usable peaks.
 */
export function estimateTuning(freqs: ArrayLike<number>, mags: ArrayLike<number>, count = freqs.length): number {
  const n = Math.round(100 / BIN_CENTS)
  const hist = new Float64Array(n)
  let total = 0
  for (let i = 0; i < count; i++) {
    const f = freqs[i]
    if (!(f >= MIN_HZ && f <= MAX_HZ)) continue
    const cents = 1200 * Math.log2(f / 440)
    const off = (((cents % 100) + 150) % 100) - 50 // -50..50
    const w = Math.sqrt(mags[i]) // compress: a few loud partials must not outvote every other note
    hist[Math.floor((off + 50) / BIN_CENTS) % n] += w
    total += w
  }
  if (total <= 0) return 0
  const half = Math.round(12 / BIN_CENTS)
  let best = 0
  let bestAt = 0
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = -half; j <= half; j++) s += hist[(i + j + n) % n] * (1 - Math.abs(j) / (half + 1))
    if (s > best) {
      best = s
      bestAt = i
    }
  }
  // Refine to the weighted circular mean within the winning window, so the answer is not quantised to a bin.
  let c = 0
  let sn = 0
  for (let j = -half; j <= half; j++) {
    const i = (bestAt + j + n) % n
    const a = (2 * Math.PI * ((i + 0.5) * BIN_CENTS - 50)) / 100
    c += hist[i] * Math.cos(a)
    sn += hist[i] * Math.sin(a)
  }
  return Math.round(((Math.atan2(sn, c) * 100) / (2 * Math.PI)) * 10) / 10
}
