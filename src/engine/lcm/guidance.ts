// LCM has no classifier-free guidance pass: the guidance scale enters the UNet as a 256-d sinusoidal
// embedding of w = (g - 1) * 1000 (timestep_cond).

export const GUIDANCE_DIM = 256

export function guidanceEmbedding(g: number, dim = GUIDANCE_DIM): Float32Array {
  const w = (g - 1) * 1000
  const half = dim / 2
  const out = new Float32Array(dim)
  for (let i = 0; i < half; i++) {
    const f = Math.exp((-i * Math.log(10000)) / (half - 1))
    out[i] = Math.sin(w * f)
    out[half + i] = Math.cos(w * f)
  }
  return out
}
