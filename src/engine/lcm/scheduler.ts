// The LCM scheduler (diffusers LCMScheduler, default config): scaled-linear betas, 50 original
// steps, the consistency boundary condition, and one denoising step on a batch of latents.

export const TRAIN_STEPS = 1000
export const ORIGINAL_STEPS = 50
const TIMESTEP_SCALING = 10
const SIGMA_DATA = 0.5

let cached: Float64Array | undefined

/** alphas_cumprod for t = 0..999 (betas = linspace(sqrt(0.00085), sqrt(0.012), 1000)^2). */
export function alphasCumprod(): Float64Array {
  if (cached) return cached
  const a = Math.sqrt(0.00085)
  const b = Math.sqrt(0.012)
  let prod = 1
  cached = Float64Array.from(
    { length: TRAIN_STEPS },
    (_, i) => (prod *= 1 - (a + ((b - a) * i) / (TRAIN_STEPS - 1)) ** 2),
  )
  return cached
}

/** Timesteps for `steps` inference steps (1-8): 4 -> [999, 759, 499, 259]. */
export function lcmTimesteps(steps: number): number[] {
  const k = TRAIN_STEPS / ORIGINAL_STEPS
  const origin = Array.from({ length: ORIGINAL_STEPS }, (_, i) => k * (i + 1) - 1).reverse()
  return Array.from({ length: steps }, (_, i) => origin[Math.floor((i * ORIGINAL_STEPS) / steps)])
}

/** Boundary-condition scalings at timestep t. */
export function boundaryScalings(t: number): { cSkip: number; cOut: number } {
  const s = t * TIMESTEP_SCALING
  return { cSkip: SIGMA_DATA ** 2 / (s * s + SIGMA_DATA ** 2), cOut: s / Math.sqrt(s * s + SIGMA_DATA ** 2) }
}

/**
 * One LCM step for the whole batch, in place on `sample`: predicts x0 from the model output `eps`,
 * applies the boundary condition, and (unless this is the last step) re-noises toward `prevT` with
 * `noise`. Returns the denoised prediction (a new array).
 */
export function lcmStep(
  sample: Float32Array,
  eps: Float32Array,
  t: number,
  prevT: number | null,
  noise: Float32Array | null,
): Float32Array {
  const ac = alphasCumprod()
  const aT = ac[t]
  const { cSkip, cOut } = boundaryScalings(t)
  const sa = Math.sqrt(aT)
  const sb = Math.sqrt(1 - aT)
  const denoised = sample.map((x, i) => cOut * ((x - sb * eps[i]) / sa) + cSkip * x)
  if (prevT !== null && noise) {
    const pa = Math.sqrt(ac[prevT])
    const pb = Math.sqrt(1 - ac[prevT])
    sample.set(denoised.map((d, i) => pa * d + pb * noise[i]))
  } else sample.set(denoised)
  return denoised
}
