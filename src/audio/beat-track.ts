// Dynamic-programming beat tracker (Ellis 2007): beat times that sit on strong onsets while keeping
// close to a target period. Used for the beat grid in TempoResult.

/**
 * Returns beat positions (envelope frames) maximising sum(onset) - tightness * sum(log(gap / period)^2).
 * `period` is in frames (> 1); `tightness` ~100 keeps gaps within a few percent of the period.
 */
export function trackBeats(onset: Float32Array, period: number, tightness = 100): number[] {
  const n = onset.length
  if (n === 0 || !(period > 1)) return []
  const score = new Float64Array(n)
  const back = new Int32Array(n).fill(-1)
  const lo = Math.max(1, Math.round(period * 0.5))
  const hi = Math.max(lo, Math.round(period * 2))
  for (let i = 0; i < n; i++) {
    let best = 0
    let arg = -1
    for (let g = lo; g <= hi && i - g >= 0; g++) {
      const l = Math.log(g / period)
      const s = score[i - g] - tightness * l * l
      if (arg < 0 || s > best) {
        best = s
        arg = i - g
      }
    }
    score[i] = onset[i] + (arg >= 0 ? Math.max(0, best) : 0)
    back[i] = arg >= 0 && best > 0 ? arg : -1
  }
  // End on the best-scoring frame within the last period, then follow the back-links.
  let end = Math.max(0, n - Math.ceil(period))
  for (let i = end; i < n; i++) if (score[i] > score[end]) end = i
  const beats: number[] = []
  for (let i = end; i >= 0; i = back[i]) beats.push(i)
  return beats.reverse()
}
