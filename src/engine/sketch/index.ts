// The built-in "sketch" engine: deterministic generative artwork drawn from the music (features,
// palette, seed) as SVG and rendered with sharp. It makes real posters before any model weights are
// downloaded, and it says what it is: results are labelled "sketch", never passed off as AI images.
import sharp from 'sharp'
import { throwIfAborted } from '../../errors.ts'
import { engineStepDuration } from '../../metrics.ts'
import type { GenerateHooks, GenerateRequest, GenerateResult, ImageEngine } from '../engine.ts'
import { familyFor } from './families.ts'
import { makeScene, sceneInputsFromText } from './scene.ts'

export const SKETCH_NAME = 'Mus2Pic Sketch (built-in generative renderer)'

/** The SVG of one artwork; exported for tests and previews. */
export function sketchSvg(
  req: Pick<GenerateRequest, 'width' | 'height' | 'art'>,
  prompt: string,
  seed: number,
): string {
  const art = req.art ?? { ...sceneInputsFromText(prompt), style: 'swiss' }
  const scene = makeScene(req.width, req.height, art.features, art.palette, seed)
  const body = familyFor(art.style)(scene)
  const glow = `<defs><radialGradient id="glow" cx="0.5" cy="0.3" r="0.7"><stop offset="0" stop-color="${scene.pal.accent}" stop-opacity="${(0.05 + 0.3 * scene.glow).toFixed(2)}"/><stop offset="1" stop-color="${scene.pal.accent}" stop-opacity="0"/></radialGradient></defs>`
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${req.width}" height="${req.height}" viewBox="0 0 ${req.width} ${req.height}"><rect width="100%" height="100%" fill="${scene.pal.ground}"/>${body}${glow}<rect width="100%" height="100%" fill="url(#glow)"/></svg>`
}

export function createSketchEngine(): ImageEngine {
  return {
    id: 'sketch',
    info: () => ({
      id: 'sketch',
      name: SKETCH_NAME,
      device: 'cpu',
      loaded: true,
      available: true,
      files: [],
      note: 'Generative artwork drawn from the music; no model weights needed.',
    }),
    load: async () => {},
    close: async () => {},
    async generate(req: GenerateRequest, hooks: GenerateHooks = {}): Promise<GenerateResult> {
      const t0 = performance.now()
      const images: GenerateResult['images'] = []
      for (let i = 0; i < req.prompts.length; i++) {
        throwIfAborted(hooks.signal, 'generation')
        const stepStart = performance.now()
        const seed = req.seeds[i] ?? req.seeds[0] ?? 0
        const svg = sketchSvg(req, req.prompts[i], seed)
        const { data, info } = await sharp(Buffer.from(svg), { density: 72 })
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true })
        images.push({
          width: info.width,
          height: info.height,
          data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
          seed,
        })
        engineStepDuration.observe({ engine: 'sketch' }, (performance.now() - stepStart) / 1000)
        hooks.onStep?.(i + 1, req.prompts.length)
      }
      return {
        images,
        engine: 'sketch',
        timings: {
          render: Math.round(performance.now() - t0),
          perImage: Math.round((performance.now() - t0) / Math.max(1, req.prompts.length)),
        },
      }
    },
  }
}
