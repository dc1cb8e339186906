// The LCM pipeline on three ONNX sessions: tokenize -> text encoder (batch) -> scheduler loop with
// the UNet over all variations as one batch -> VAE decode -> RGB bytes. Runs where the sessions live
// (the worker thread); cancellation is checked between steps.
import { join } from 'node:path'
import { AppError } from '../../errors.ts'
import { loadClipTokenizer, type ClipTokenizer } from '../../prompt/clip-tokenizer.ts'
import type { GeneratedImage, GenerateRequest } from '../engine.ts'
import { guidanceEmbedding, GUIDANCE_DIM } from './guidance.ts'
import { batchNoise, GaussianSource } from './noise.ts'
import {
  floatInput,
  idsTensor,
  openSession,
  runFloat,
  timestepTensor,
  type Session,
  type SessionOptions,
} from './onnx-session.ts'
import { lcmStep, lcmTimesteps } from './scheduler.ts'

export const VAE_SCALE = 0.18215

export type LcmRequest = Omit<GenerateRequest, 'art'>

export interface LcmOutput {
  images: GeneratedImage[]
  /** The final denoised latents [B,4,h,w], before the VAE scaling (tests check them against a reference). */
  latents: Float32Array
  /** Decoded images in [0, 1] before quantisation, [B,3,H,W] (tests compare batch vs single). */
  floats: Float32Array
  timings: { tokenize: number; textEncoder: number; unet: number; vae: number; total: number; sessionRun: number }
}

export class LcmPipeline {
  private constructor(
    private readonly textEncoder: Session,
    private readonly unet: Session,
    private readonly vae: Session,
    private readonly tokenizer: ClipTokenizer,
  ) {}

  static async load(modelDir: string, o: SessionOptions): Promise<LcmPipeline> {
    const [te, unet, vae] = await Promise.all(
      ['text_encoder', 'unet', 'vae_decoder'].map((d) => openSession(join(modelDir, d, 'model.onnx'), o)),
    )
    return new LcmPipeline(te, unet, vae, loadClipTokenizer({ dir: join(modelDir, 'tokenizer') }))
  }

  async generate(
    req: LcmRequest,
    hooks: { onStep?: (s: number, n: number, seconds: number) => void; cancelled?: () => boolean } = {},
  ): Promise<LcmOutput> {
    if (req.width % 8 || req.height % 8)
      throw new AppError('INVALID_INPUT', `image size must be a multiple of 8, got ${req.width}x${req.height}`)
    if (!(req.steps >= 1 && req.steps <= 8)) throw new AppError('INVALID_INPUT', `steps must be 1-8, got ${req.steps}`)
    const clock = { ms: 0 }
    const t0 = performance.now()
    const B = req.prompts.length
    const ids = new Int32Array(B * 77)
    req.prompts.forEach((p, b) => ids.set(this.tokenizer.encodeForModel(p, 77), b * 77))
    const t1 = performance.now()
    const text = await runFloat(
      this.textEncoder,
      { input_ids: idsTensor(this.textEncoder, 'input_ids', ids, B) },
      'last_hidden_state',
      clock,
    )
    const t2 = performance.now()

    const h = req.height / 8
    const w = req.width / 8
    const per = 4 * h * w
    // one seed per prompt, or one base seed for all; the image reports the seed it was drawn with
    const seeds = req.prompts.map((_, b) => req.seeds[b] ?? req.seeds[0] ?? 0)
    const sources = seeds.map((s) => new GaussianSource(s))
    const latents = batchNoise(sources, per)
    const emb = guidanceEmbedding(req.guidance)
    const cond = new Float32Array(B * GUIDANCE_DIM)
    for (let b = 0; b < B; b++) cond.set(emb, b * GUIDANCE_DIM)
    const timesteps = lcmTimesteps(req.steps)
    for (let k = 0; k < timesteps.length; k++) {
      if (hooks.cancelled?.()) throw new AppError('CANCELLED', 'generation was cancelled')
      const stepStart = performance.now()
      const t = timesteps[k]
      const eps = await runFloat(
        this.unet,
        {
          sample: floatInput(this.unet, 'sample', latents, [B, 4, h, w]),
          timestep: timestepTensor(this.unet, 'timestep', t, B),
          encoder_hidden_states: floatInput(this.unet, 'encoder_hidden_states', text.data, [...text.dims]),
          timestep_cond: floatInput(this.unet, 'timestep_cond', cond, [B, GUIDANCE_DIM]),
        },
        'out_sample',
        clock,
      )
      const last = k === timesteps.length - 1
      // in place: after the last step `latents` holds the denoised result
      lcmStep(latents, eps.data, t, last ? null : timesteps[k + 1], last ? null : batchNoise(sources, per))
      hooks.onStep?.(k + 1, timesteps.length, (performance.now() - stepStart) / 1000)
    }
    if (hooks.cancelled?.()) throw new AppError('CANCELLED', 'generation was cancelled')
    const t3 = performance.now()
    const scaled = latents.map((v) => v / VAE_SCALE)
    const latentSample = floatInput(this.vae, 'latent_sample', scaled, [B, 4, h, w])
    const img = await runFloat(this.vae, { latent_sample: latentSample }, 'sample', clock)
    const t4 = performance.now()
    const [, , H, W] = img.dims
    // pixel = clamp(x / 2 + 0.5, 0, 1); the [0,1] floats are kept for tests comparing batch and single runs
    const floats = img.data.map((x) => Math.min(1, Math.max(0, x * 0.5 + 0.5)))
    const plane = H * W
    const images: GeneratedImage[] = req.prompts.map((_, b) => {
      const r0 = b * 3 * plane
      // NCHW planes -> interleaved RGB bytes, rounded (Uint8Array truncates)
      const rgb = Uint8Array.from(
        { length: plane * 3 },
        (_, j) => floats[r0 + (j % 3) * plane + Math.floor(j / 3)] * 255 + 0.5,
      )
      return { width: W, height: H, data: rgb, seed: seeds[b] }
    })
    const r = (x: number) => Math.round(x * 10) / 10
    return {
      images,
      latents,
      floats,
      timings: {
        tokenize: r(t1 - t0),
        textEncoder: r(t2 - t1),
        unet: r(t3 - t2),
        vae: r(t4 - t3),
        total: r(t4 - t0),
        sessionRun: r(clock.ms),
      },
    }
  }
}
