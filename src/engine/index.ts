// Engine selection: ENGINE=auto uses LCM when its model files are in MODELS_DIR/<model>/, else the
// built-in sketch engine; ENGINE=lcm without files is a clear MODEL_MISSING. Engines load lazily.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import type { EngineInfo, ImageEngine } from './engine.ts'
import { createSketchEngine, SKETCH_NAME } from './sketch/index.ts'

export type { EngineInfo, ImageEngine } from './engine.ts'

export type EngineOptions = Config['engine'] & { modelsDir: string }

/** The ONNX files an LCM model folder must hold (optimum layout). */
export const LCM_FILES = ['text_encoder/model.onnx', 'unet/model.onnx', 'vae_decoder/model.onnx'] as const

export function lcmModelDir(o: EngineOptions): string {
  return join(o.modelsDir, o.model)
}

function lcmFiles(o: EngineOptions) {
  return LCM_FILES.map((f) => {
    const path = join(lcmModelDir(o), f)
    const present = existsSync(path)
    return { path, present, bytes: present ? statSync(path).size : undefined }
  })
}

export async function createEngine(o: EngineOptions): Promise<ImageEngine> {
  if (o.kind === 'sketch') return createSketchEngine()
  const files = lcmFiles(o)
  const missing = files.find((f) => !f.present)
  if (!missing) {
    const { createLcmEngine } = await import('./lcm/lcm-engine.ts')
    return createLcmEngine({
      modelDir: lcmModelDir(o),
      device: o.device,
      intraOpThreads: o.intraOpThreads,
      interOpThreads: o.interOpThreads,
    })
  }
  if (o.kind === 'lcm')
    throw new AppError(
      'MODEL_MISSING',
      `the LCM model file ${missing.path} is missing; run "npx mus2pic models download ${o.model}" or set ENGINE=sketch`,
    )
  return createSketchEngine()
}

/** Both engines as GET /api/engines shows them. */
export function listEngines(o: EngineOptions, loaded: { id: string; loadMs?: number }[] = []): EngineInfo[] {
  const files = lcmFiles(o)
  const lcmAvailable = files.every((f) => f.present)
  const isLoaded = (id: string) => loaded.some((l) => l.id === id)
  return [
    {
      ...createSketchEngine().info(),
      loaded: isLoaded('sketch'),
      loadMs: loaded.find((l) => l.id === 'sketch')?.loadMs,
      name: SKETCH_NAME,
    },
    {
      id: 'lcm',
      name: `LCM Dreamshaper v7 (ONNX Runtime, ${o.device})`,
      device: o.device,
      loaded: isLoaded('lcm'),
      available: lcmAvailable,
      files: files.map((f) => ({ path: f.path.slice(o.modelsDir.length + 1), present: f.present, bytes: f.bytes })),
      loadMs: loaded.find((l) => l.id === 'lcm')?.loadMs,
      note: lcmAvailable ? undefined : `model files missing: run "npx mus2pic models download ${o.model}"`,
    },
  ]
}
