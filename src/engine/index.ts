// Engine selection: ENGINE=auto uses LCM when its model files (graphs and the external data they name)
// are in MODELS_DIR/<model>/, else the built-in sketch engine; ENGINE=lcm without files is a clear
// MODEL_MISSING. The ONNX execution provider is resolved here (ENGINE_DEVICE); engines load lazily.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import type { EngineInfo, ImageEngine } from './engine.ts'
import type { DeviceChoice, RequestedDevice } from './lcm/execution-provider.ts'
import { modelFiles, verifyLocked } from './models/index.ts'
import { graphDtype, readGraphInfo } from './models/onnx-graph.ts'
import { createSketchEngine, SKETCH_NAME } from './sketch/index.ts'

export type { EngineInfo, ImageEngine } from './engine.ts'
export type { DeviceChoice } from './lcm/execution-provider.ts'

export type EngineOptions = Config['engine'] & { modelsDir: string; onFallback?: (message: string) => void }

/** The ONNX files an LCM model folder must hold (diffusers and optimum layouts alike). */
export const LCM_FILES = ['text_encoder/model.onnx', 'unet/model.onnx', 'vae_decoder/model.onnx'] as const

export function lcmModelDir(o: EngineOptions): string {
  return join(o.modelsDir, o.model)
}

/** Graphs plus the external-data files they name, with presence and sizes. */
function lcmFiles(o: EngineOptions) {
  return modelFiles(
    lcmModelDir(o),
    LCM_FILES.map((path) => ({ path })),
  )
}

/** fp32/fp16 of the model's UNet, read from its graph; undefined when it is absent or unreadable. */
export function modelDtype(dir: string): 'fp32' | 'fp16' | undefined {
  const unet = join(dir, 'unet', 'model.onnx')
  if (!existsSync(unet) || statSync(unet).size < 16) return undefined
  try {
    return graphDtype(readGraphInfo(unet))
  } catch {
    return undefined
  }
}

const choices = new Map<RequestedDevice, Promise<DeviceChoice>>()

/** Resolves ENGINE_DEVICE once per process: auto probes the platform's providers, explicit ones must exist. */
export function resolveDevice(requested: RequestedDevice): Promise<DeviceChoice> {
  let c = choices.get(requested)
  if (!c) {
    c = (async () => {
      const { probeProviders } = await import('./lcm/onnx-session.ts')
      const { chooseDevice } = await import('./lcm/execution-provider.ts')
      return chooseDevice(requested, probeProviders())
    })()
    c.catch(() => choices.delete(requested))
    choices.set(requested, c)
  }
  return c
}

export async function createEngine(o: EngineOptions): Promise<ImageEngine> {
  if (o.kind === 'sketch') return createSketchEngine()
  const missing = lcmFiles(o).find((f) => !f.present)
  if (!missing) {
    const dir = lcmModelDir(o)
    await verifyLocked(dir) // sizes always; hashes only of files whose mtime moved since download
    const device = await resolveDevice(o.device)
    const { createLcmEngine } = await import('./lcm/lcm-engine.ts')
    return createLcmEngine({
      modelDir: dir,
      device: device.device,
      deviceReason: device.reason,
      model: o.model,
      dtype: modelDtype(dir),
      intraOpThreads: o.intraOpThreads,
      interOpThreads: o.interOpThreads,
      onFallback: o.onFallback,
    })
  }
  if (o.kind === 'lcm')
    throw new AppError(
      'MODEL_MISSING',
      `the LCM model file ${join(lcmModelDir(o), missing.path)} is missing; run "npx mus2pic models download ${o.model}"` +
        ' or "npx mus2pic models import <folder>", or set ENGINE=sketch',
    )
  return createSketchEngine()
}

/** What /api/engines shows of each engine; `live` is the loaded engine's own info (device after fallback). */
export function listEngines(
  o: EngineOptions,
  loaded: { id: string; loadMs?: number; info?: EngineInfo }[] = [],
  device?: DeviceChoice | { error: string },
): EngineInfo[] {
  const files = lcmFiles(o)
  const lcmAvailable = files.every((f) => f.present)
  const isLoaded = (id: string) => loaded.some((l) => l.id === id)
  const live = loaded.find((l) => l.id === 'lcm')?.info
  const chosen = device && 'device' in device ? device : undefined
  const deviceError = device && 'error' in device ? device.error : undefined
  return [
    {
      ...createSketchEngine().info(),
      loaded: isLoaded('sketch'),
      loadMs: loaded.find((l) => l.id === 'sketch')?.loadMs,
      name: SKETCH_NAME,
    },
    {
      id: 'lcm',
      name: `LCM Dreamshaper v7 (ONNX Runtime, ${live?.device ?? chosen?.device ?? o.device})`,
      device: live?.device ?? chosen?.device ?? (o.device === 'auto' ? 'cpu' : o.device),
      deviceReason: live?.deviceReason ?? chosen?.reason ?? deviceError,
      model: o.model,
      dtype: modelDtype(lcmModelDir(o)),
      loaded: isLoaded('lcm'),
      available: lcmAvailable && !deviceError,
      files: files.map((f) => ({ path: `${o.model}/${f.path}`, present: f.present, bytes: f.bytes })),
      loadMs: loaded.find((l) => l.id === 'lcm')?.loadMs,
      note: deviceError
        ? deviceError
        : lcmAvailable
          ? undefined
          : `model files missing: run "npx mus2pic models download ${o.model}"`,
    },
  ]
}
