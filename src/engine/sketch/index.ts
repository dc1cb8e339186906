// The built-in "sketch" engine: deterministic generative artwork drawn from the music (features,
// palette, seed) as SVG and rendered with sharp. It makes real posters before any model weights are
// downloaded, and it says what it is: results are labelled "sketch", never passed off as AI images.
import sharp from 'sharp'
import { throwIfAborted } from '../../errors.ts'
import { engineStepDuration } from '../../metrics.ts'
import type { GenerateHooks, GenerateRequest, GenerateResult, ImageEngine } from '../engine.ts'
import { familyFor } from './families.ts'
import { motifsFor, sketchDepicts, subjectOf } from './motifs.ts'
import { makeScene, sceneInputsFromText } from './scene.ts'
import { group, rect } from './svg.ts'

export { sketchDepicts } from './motifs.ts'

export const SKETCH_NAME = 'Mus2Pic Sketch (built-in generative renderer)'

/** The SVG of one artwork; exported for tests, previews and vector downloads. */
export function sketchSvg(
  req: Pick<GenerateRequest, 'width' | 'height' | 'art'>,
  prompt: string,
  seed: number,
  variation?: number,
): string {
  const { width: W, height: H } = req
  const art = req.art ?? { ...sceneInputsFromText(prompt), style: 'swiss' }
  const motifs = sketchDepicts(art.style, prompt) ? motifsFor(subjectOf(prompt)) : []
  const scene = makeScene(W, H, art.features, art.palette, { seed, variation, motifs })
  const body = familyFor(art.style)(scene)
  const drawn = scene.flip ? group(body, `translate(${W} 0) scale(-1 1)`) : body
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`
  return `${open}${rect(0, 0, W, H, scene.pal.ground)}${drawn}</svg>`
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
        const svg = sketchSvg(req, req.prompts[i], seed, req.variations?.[i])
        const { data, info } = await sharp(Buffer.from(svg), { density: 72 })
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true })
        images.push({
          width: info.width,
          height: info.height,
          data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
          seed,
          svg,
          depicts: sketchDepicts(req.art?.style ?? 'swiss', req.prompts[i]),
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
