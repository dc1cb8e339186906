// Synthesised instruments for the generated grooves: drums from noise and swept sines with envelopes, pitched
// voices from a few decaying harmonics or Karplus-Strong strings. Each kit is drawn from a seed so that clips of
// the same kind do not share one sound. Independent of src/ (the corpus is ground truth for src/).

export type Rng = () => number

/** mulberry32: small, fast, deterministic. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const gauss = (rng: Rng): number => {
  const u = Math.max(1e-12, rng())
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng())
}

export type Drum = 'kick' | 'snare' | 'rim' | 'hat' | 'openhat' | 'ride' | 'shaker' | 'clap'
export type Voice = 'bass' | 'piano' | 'pad' | 'pluck' | 'organ' | 'bell' | 'strings'

const midiHz = (p: number): number => 440 * 2 ** ((p - 69) / 12)

/** One-pole high-pass in place (removes the low part of noise for hats and snares). */
function highpass(x: Float32Array, sr: number, hz: number): Float32Array {
  const a = Math.exp((-2 * Math.PI * hz) / sr)
  let py = 0
  let px = 0
  for (let i = 0; i < x.length; i++) {
    const y = a * (py + x[i] - px)
    px = x[i]
    x[i] = y
    py = y
  }
  return x
}

function lowpass(x: Float32Array, sr: number, hz: number): Float32Array {
  const a = 1 - Math.exp((-2 * Math.PI * hz) / sr)
  let y = 0
  for (let i = 0; i < x.length; i++) x[i] = y += a * (x[i] - y)
  return x
}

/** A drum kit: a few pre-rendered variants of each drum (round-robin, like a sampler). */
export function makeKit(rng: Rng, sr: number): Record<Drum, Float32Array[]> {
  const kickHz = 45 + rng() * 20
  const kickDecay = 0.18 + rng() * 0.25
  const snareTone = 160 + rng() * 80
  const snareDecay = 0.1 + rng() * 0.12
  const hatHz = 6000 + rng() * 3000
  const variants = (f: () => Float32Array): Float32Array[] => [f(), f(), f()]
  const noise = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng() * 2 - 1)
  const kick = (): Float32Array => {
    const n = Math.round(sr * (kickDecay * 3))
    const x = new Float32Array(n)
    let ph = 0
    for (let i = 0; i < n; i++) {
      const t = i / sr
      ph += (2 * Math.PI * (kickHz + 90 * Math.exp(-t / 0.03))) / sr
      x[i] = Math.sin(ph) * Math.exp(-t / kickDecay) + (i < sr * 0.004 ? (rng() * 2 - 1) * 0.4 : 0)
    }
    return x
  }
  const snare = (): Float32Array => {
    const n = Math.round(sr * snareDecay * 4)
    const nz = highpass(noise(n), sr, 1200)
    const x = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const t = i / sr
      x[i] = 0.7 * nz[i] * Math.exp(-t / snareDecay) + 0.5 * Math.sin(2 * Math.PI * snareTone * t) * Math.exp(-t / 0.05)
    }
    return x
  }
  const metal =
    (decay: number, hp: number, len: number): (() => Float32Array) =>
    () => {
      const n = Math.round(sr * len)
      const nz = highpass(highpass(noise(n), sr, hp), sr, hp)
      for (let i = 0; i < n; i++) nz[i] *= 1.6 * Math.exp(-i / sr / decay)
      return nz
    }
  const rim = (): Float32Array => {
    const n = Math.round(sr * 0.08)
    const x = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const t = i / sr
      x[i] = (Math.sin(2 * Math.PI * 1700 * t) * 0.6 + (rng() * 2 - 1) * 0.3) * Math.exp(-t / 0.012)
    }
    return x
  }
  const clap = (): Float32Array => {
    const n = Math.round(sr * 0.25)
    const nz = highpass(noise(n), sr, 900)
    for (let i = 0; i < n; i++) {
      const t = i / sr
      const bursts = t < 0.03 ? Math.exp(-((t * 1000) % 10) / 3) : Math.exp(-(t - 0.03) / 0.06)
      nz[i] *= 0.8 * bursts
    }
    return nz
  }
  return {
    kick: variants(kick),
    snare: variants(snare),
    rim: variants(rim),
    hat: variants(metal(0.03 + rng() * 0.03, hatHz, 0.15)),
    openhat: variants(metal(0.2, hatHz, 0.5)),
    ride: variants(metal(0.35, hatHz * 0.7, 0.9)),
    shaker: variants(metal(0.05, 4000, 0.12)),
    clap: variants(clap),
  }
}

/** Renders one pitched note of `seconds` (sounding length; decays or releases) at `sr`. */
export function renderNote(voice: Voice, pitch: number, seconds: number, sr: number, rng: Rng): Float32Array {
  const f0 = midiHz(pitch)
  const release = voice === 'pad' || voice === 'strings' || voice === 'organ' ? 0.15 : 0.05
  const total = voice === 'piano' || voice === 'bell' || voice === 'pluck' ? Math.max(seconds, 0.6) : seconds
  const n = Math.max(1, Math.round((total + release) * sr))
  const x = new Float32Array(n)
  if (voice === 'pluck') return karplus(f0, n, sr, rng)
  const harmonics: [number, number, number][] = // [multiple, amplitude, decay seconds]
    voice === 'bass'
      ? [
          [1, 1, 1.2],
          [2, 0.35, 0.5],
          [3, 0.15, 0.3],
        ]
      : voice === 'piano'
        ? [
            [1, 1, 1.5],
            [2, 0.5, 0.8],
            [3, 0.3, 0.5],
            [4, 0.15, 0.3],
            [5, 0.1, 0.2],
          ]
        : voice === 'bell'
          ? [
              [1, 1, 1.2],
              [2.76, 0.4, 0.6],
              [5.4, 0.2, 0.3],
            ]
          : voice === 'organ'
            ? [
                [1, 1, 99],
                [2, 0.6, 99],
                [3, 0.4, 99],
                [4, 0.2, 99],
              ]
            : [
                [1, 1, 99],
                [2, 0.5, 99],
                [3, 0.33, 99],
                [4, 0.25, 99],
                [5, 0.2, 99],
              ]
  const attack = voice === 'pad' ? 0.25 : voice === 'strings' ? 0.12 : 0.004
  const detune = voice === 'pad' || voice === 'strings' ? 1.004 : 1
  for (const [m, amp, decay] of harmonics) {
    const f = f0 * m
    if (f > sr / 2.2) continue
    const w = (2 * Math.PI * f) / sr
    const w2 = w * detune
    const ph = rng() * 6.28
    for (let i = 0; i < n; i++) {
      const t = i / sr
      const env =
        Math.min(1, t / attack) * Math.exp(-t / decay) * (t > total ? Math.exp(-(t - total) / (release / 3)) : 1)
      x[i] += amp * env * (detune === 1 ? Math.sin(w * i + ph) : 0.5 * (Math.sin(w * i + ph) + Math.sin(w2 * i)))
    }
  }
  if (voice === 'strings') {
    // Slow vibrato-like swell so sustained strings carry no onset at every beat.
    for (let i = 0; i < n; i++) x[i] *= 0.8 + 0.2 * Math.sin((2 * Math.PI * 5 * i) / sr)
  }
  return voice === 'bass' ? lowpass(x, sr, 900) : x
}

function karplus(f0: number, n: number, sr: number, rng: Rng): Float32Array {
  const period = Math.max(2, Math.round(sr / f0))
  const buf = Float32Array.from({ length: period }, () => rng() * 2 - 1)
  const x = new Float32Array(n)
  for (let i = 0, j = 0; i < n; i++, j = (j + 1) % period) {
    const next = buf[(j + 1) % period]
    x[i] = buf[j]
    buf[j] = 0.996 * 0.5 * (buf[j] + next)
  }
  return x
}
