// An independent float64 reference of the whole LCM trajectory on the oracle models (oracle-onnx.ts),
// written from the specification, not from src/: a test compares the pipeline's numbers with these.
//
// Specification (docs: design/lcm-onnx.md, from diffusers LCMScheduler >= 0.24, default config):
// - betas = linspace(sqrt(0.00085), sqrt(0.012), 1000)^2; alphas_cumprod = cumprod(1 - beta)
// - timesteps: k = 1000 / 50; lcm_origin = [20 i - 1 for i in 1..50] reversed; take indices
//   floor(linspace(0, 50, N, endpoint=False)); 4 steps -> [999, 759, 499, 259]
// - c_skip = 0.25 / ((10 t)^2 + 0.25), c_out = 10 t / sqrt((10 t)^2 + 0.25)
// - x0 = (x - sqrt(1 - a_t) eps) / sqrt(a_t); denoised = c_out x0 + c_skip x;
//   not last: x = sqrt(a_prev) denoised + sqrt(1 - a_prev) z; last: x = denoised
// - initial latents N(0, 1) * 1.0; z from the image's own seeded generator, drawn after the initial latents
// - guidance: w = (g - 1) 1000; f_i = exp(-i ln(10000) / 127), i < 128; emb = [sin(w f), cos(w f)]
// - decode: image = vae(denoised / 0.18215); pixel = clamp(image / 2 + 0.5, 0, 1) * 255, NCHW -> RGB
// The seeded generator is part of the product's contract (a seed must keep giving the same poster):
// mulberry32 uniforms, Box-Muller pairs (cos first, then sin), u clamped to >= 1e-12; re-implemented here.
import { type OracleWeights, ORACLE_HIDDEN, ORACLE_VOCAB } from './oracle-onnx.ts'

/** alphas_cumprod[t], t = 0..999. */
export function refAlphasCumprod(): Float64Array {
  const n = 1000
  const lo = Math.sqrt(0.00085)
  const hi = Math.sqrt(0.012)
  const step = (hi - lo) / (n - 1)
  const out = new Float64Array(n)
  let prod = 1
  for (let i = 0; i < n; i++) {
    const beta = (lo + i * step) ** 2
    prod *= 1 - beta
    out[i] = prod
  }
  return out
}

export function refTimesteps(steps: number): number[] {
  const origin: number[] = []
  for (let i = 50; i >= 1; i--) origin.push(20 * i - 1)
  const step = 50 / steps // numpy linspace(0, 50, N, endpoint=False)
  const out: number[] = []
  for (let i = 0; i < steps; i++) out.push(origin[Math.floor(i * step)])
  return out
}

export function refScalings(t: number): { cSkip: number; cOut: number } {
  const s = 10 * t
  return { cSkip: 0.25 / (s * s + 0.25), cOut: s / Math.sqrt(s * s + 0.25) }
}

export function refGuidance(g: number): Float64Array {
  const w = (g - 1) * 1000
  const out = new Float64Array(256)
  for (let i = 0; i < 128; i++) {
    const f = Math.exp((-i * Math.log(10000)) / 127)
    out[i] = Math.sin(w * f)
    out[128 + i] = Math.cos(w * f)
  }
  return out
}

/** The product's seeded standard normal stream for one image. */
export function refNormals(seed: number): (n: number) => Float64Array {
  let a = seed >>> 0
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  const queue: number[] = []
  return (n) => {
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      if (!queue.length) {
        const u = Math.max(uniform(), 1e-12)
        const v = uniform()
        const r = Math.sqrt(-2 * Math.log(u))
        queue.push(r * Math.cos(2 * Math.PI * v), r * Math.sin(2 * Math.PI * v))
      }
      out[i] = queue.shift()!
    }
    return out
  }
}

/** Mean over the 77 tokens of the oracle text encoder's hidden states for these IDs (768 values). */
export function refTextMean(wts: OracleWeights, ids: readonly number[]): Float64Array {
  const m = new Float64Array(768)
  for (const id of ids) {
    const row = (id % ORACLE_VOCAB) * ORACLE_HIDDEN
    for (let j = 0; j < 768; j++) {
      let h = 0
      for (let r = 0; r < ORACLE_HIDDEN; r++) h += wts.table[row + r] * wts.proj[r * 768 + j]
      m[j] += h / ids.length
    }
  }
  return m
}

/** The oracle UNet on one image: x [4, p] -> eps [4, p]. */
export function refUnet(wts: OracleWeights, x: Float64Array, t: number, cond: Float64Array, text: Float64Array) {
  const p = x.length / 4
  const eps = new Float64Array(x.length)
  for (let c = 0; c < 4; c++) {
    let shift = wts.bias[c] + t * wts.tScale[c]
    for (let j = 0; j < 256; j++) shift += cond[j] * wts.condW[j * 4 + c]
    for (let k = 0; k < 768; k++) shift += text[k] * wts.textW[k * 4 + c]
    for (let i = 0; i < p; i++) {
      let v = shift
      for (let d = 0; d < 4; d++) v += wts.mix[c * 4 + d] * x[d * p + i]
      eps[c * p + i] = v
    }
  }
  return eps
}

/** The oracle VAE on one image: latents [4, h, w] -> image [3, 8h, 8w] (1x1 conv to 192, DepthToSpace DCR 8). */
export function refVae(wts: OracleWeights, lat: Float64Array, h: number, w: number): Float64Array {
  const H = 8 * h
  const W = 8 * w
  const out = new Float64Array(3 * H * W)
  for (let c = 0; c < 3; c++)
    for (let Y = 0; Y < H; Y++)
      for (let X = 0; X < W; X++) {
        const ch = ((Y % 8) * 8 + (X % 8)) * 3 + c
        const y = Math.floor(Y / 8)
        const x = Math.floor(X / 8)
        let v = wts.vaeBias[ch]
        for (let d = 0; d < 4; d++) v += wts.vaeW[ch * 4 + d] * lat[(d * h + y) * w + x]
        out[(c * H + Y) * W + X] = v
      }
  return out
}

export interface RefImage {
  /** Final denoised latents [4, h, w]. */
  latents: Float64Array
  /** clamp(image / 2 + 0.5, 0, 1), [3, H, W]. */
  floats: Float64Array
  /** Every scheduler state x after each step (for step-by-step debugging). */
  trajectory: Float64Array[]
}

/** One image's whole LCM run on the oracle models. */
export function refGenerate(
  wts: OracleWeights,
  o: { ids: readonly number[]; seed: number; steps: number; guidance: number; width: number; height: number },
): RefImage {
  const ac = refAlphasCumprod()
  const h = o.height / 8
  const w = o.width / 8
  const normals = refNormals(o.seed)
  const text = refTextMean(wts, o.ids)
  const cond = refGuidance(o.guidance)
  const ts = refTimesteps(o.steps)
  let x = normals(4 * h * w)
  let denoised = x
  const trajectory: Float64Array[] = []
  for (let k = 0; k < ts.length; k++) {
    const t = ts[k]
    const eps = refUnet(wts, x, t, cond, text)
    const { cSkip, cOut } = refScalings(t)
    denoised = x.map((xi, i) => cOut * ((xi - Math.sqrt(1 - ac[t]) * eps[i]) / Math.sqrt(ac[t])) + cSkip * xi)
    if (k < ts.length - 1) {
      const aPrev = ac[ts[k + 1]]
      const z = normals(x.length)
      x = denoised.map((d, i) => Math.sqrt(aPrev) * d + Math.sqrt(1 - aPrev) * z[i])
    } else x = denoised
    trajectory.push(x)
  }
  const image = refVae(
    wts,
    denoised.map((d) => d / 0.18215),
    h,
    w,
  )
  return { latents: denoised, floats: image.map((v) => Math.min(1, Math.max(0, v / 2 + 0.5))), trajectory }
}

/** Largest |a - b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, offset = 0): number {
  let m = 0
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[offset + i] - b[i]))
  return m
}
