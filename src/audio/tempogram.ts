// Autocorrelation tempogram of an onset envelope: global and windowed periodicity by lag.
// The tempo estimator reads tempo salience off these; lags are in envelope frames.

/**
 * Unbiased, normalised autocorrelation of `x[from..to)` for lags 0..maxLag: r[l] = mean(x[i] x[i+l]) / mean(x^2),
 * with the mean removed first. r[0] = 1; all zeros when the segment is constant (silence).
 */
export function autocorrelate(x: Float32Array, maxLag: number, from = 0, to = x.length): Float64Array {
  const n = to - from
  const r = new Float64Array(maxLag + 1)
  if (n < 2) return r
  let mean = 0
  for (let i = from; i < to; i++) mean += x[i]
  mean /= n
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) y[i] = x[from + i] - mean
  const lags = Math.min(maxLag, n - 1)
  for (let l = 0; l <= lags; l++) {
    let s = 0
    for (let i = 0; i + l < n; i++) s += y[i] * y[i + l]
    r[l] = s / (n - l)
  }
  const r0 = r[0]
  if (!(r0 > 1e-12)) return r.fill(0)
  for (let l = 0; l <= lags; l++) r[l] /= r0
  return r
}

/** Linear interpolation of `r` at a fractional lag; 0 outside the array. */
export function atLag(r: ArrayLike<number>, lag: number): number {
  const i = Math.floor(lag)
  if (i < 0 || i + 1 >= r.length) return 0
  const f = lag - i
  return r[i] * (1 - f) + r[i + 1] * f
}

/** Sharpest local maximum of `r` near `lag` (+-`radius` frames), refined by parabolic interpolation. */
export function refinePeak(r: ArrayLike<number>, lag: number, radius: number): number {
  let best = Math.round(lag)
  for (let l = Math.max(1, Math.floor(lag - radius)); l <= Math.min(r.length - 2, Math.ceil(lag + radius)); l++) {
    if (r[l] > r[best]) best = l
  }
  if (best <= 0 || best >= r.length - 1) return lag
  const a = r[best - 1]
  const b = r[best]
  const c = r[best + 1]
  const d = a - 2 * b + c
  // Only a true local maximum gets the sub-frame offset (always within +-0.5 then).
  return d < 0 && b >= a && b >= c ? best + (0.5 * (a - c)) / d : best
}
