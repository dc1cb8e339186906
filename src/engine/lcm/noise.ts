// Seeded Gaussian noise: one generator per image, so image i of a batch gets exactly the noise it
// would get alone (a batch of 4 equals 4 single runs).
import { createRng } from '../../random.ts'

export class GaussianSource {
  private readonly uniform: () => number
  private spare: number | null = null
  constructor(seed: number) {
    this.uniform = createRng(seed)
  }

  /** Standard normal samples (Box-Muller). */
  fill(out: Float32Array, offset = 0, length = out.length - offset): void {
    for (let i = offset; i < offset + length; i++) {
      if (this.spare !== null) {
        out[i] = this.spare
        this.spare = null
        continue
      }
      const u = Math.max(this.uniform(), 1e-12)
      const v = this.uniform()
      const r = Math.sqrt(-2 * Math.log(u))
      out[i] = r * Math.cos(2 * Math.PI * v)
      this.spare = r * Math.sin(2 * Math.PI * v)
    }
  }
}

/** Batch noise [B, per]: image b drawn from its own generator. */
export function batchNoise(sources: GaussianSource[], per: number): Float32Array {
  const out = new Float32Array(sources.length * per)
  sources.forEach((s, b) => s.fill(out, b * per, per))
  return out
}
