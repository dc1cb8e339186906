// Beat-phase statistics of an onset envelope for one candidate period: how strong the beats are,
// what lies half-way between them, and whether alternate beats differ (a sign the level is a subdivision).

/** Pulse statistics for one period, all in units of the envelope (>= 0). */
export interface PulseStats {
  /** Best beat phase, frames (0..period). */
  phase: number
  /** Mean envelope at beat positions (max over +-1 frame). */
  onBeat: number
  /** Mean envelope half-way between beats. */
  offBeat: number
  /** Mean envelope over all frames. */
  mean: number
  /** min/max of the mean accent on even vs odd beats, 0..1 (1 = alternate beats alike). */
  alternation: number
}

const peakNear = (x: Float32Array, pos: number): number => {
  const i = Math.round(pos)
  let m = 0
  for (let k = i - 1; k <= i + 1; k++) if (k >= 0 && k < x.length && x[k] > m) m = x[k]
  return m
}

/** Mean of `x` at positions phase + j*period (j = 0, 1, ...) with +-1 frame tolerance. */
export function pulseMean(x: Float32Array, period: number, phase: number, parity = -1): number {
  if (!(period >= 1)) return 0
  let s = 0
  let n = 0
  for (let j = 0, p = phase; p < x.length; j++, p += period) {
    if (parity >= 0 && j % 2 !== parity) continue
    s += peakNear(x, p)
    n++
  }
  return n ? s / n : 0
}

/** Finds the best phase of a beat grid with `period` frames and measures the grid against `accent`. */
export function pulseStats(x: Float32Array, accent: Float32Array, period: number): PulseStats {
  let phase = 0
  let best = -1
  const steps = Math.max(1, Math.ceil(period))
  for (let p = 0; p < steps; p++) {
    const m = pulseMean(x, period, p)
    if (m > best) {
      best = m
      phase = p
    }
  }
  let mean = 0
  for (let i = 0; i < x.length; i++) mean += x[i]
  mean /= Math.max(1, x.length)
  const even = pulseMean(accent, period, phase, 0)
  const odd = pulseMean(accent, period, phase, 1)
  const hi = Math.max(even, odd)
  return {
    phase,
    onBeat: Math.max(0, best),
    offBeat: pulseMean(x, period, phase + period / 2),
    mean,
    alternation: hi > 1e-9 ? Math.min(even, odd) / hi : 1,
  }
}
