// The only importer of onnxruntime-node: opens sessions (threads, execution provider), reads input
// dtypes from the session metadata, and builds tensors to match them (int32/int64 ids, int64/float
// timesteps) instead of assuming one export's choices.
import { existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import ort from 'onnxruntime-node'
import { AppError } from '../../errors.ts'
import { platformAccelerators, type ExecutionDevice, type ProviderProbe } from './execution-provider.ts'
import { fromFloat16Array, toFloat16Array } from './float16.ts'

export type Session = ort.InferenceSession
export type Feeds = Record<string, ort.Tensor>

export interface SessionOptions {
  /** The resolved provider (see execution-provider.ts); CPU stays registered behind it for unsupported ops. */
  device: ExecutionDevice
  intraOpThreads: number
  interOpThreads: number
}

export async function openSession(path: string, o: SessionOptions): Promise<Session> {
  if (!existsSync(path))
    throw new AppError('MODEL_MISSING', `model file ${path} is missing; run "npx mus2pic models download"`)
  if (statSync(path).size < 16) throw new AppError('MODEL_INVALID', `model file ${path} is empty or truncated`)
  try {
    return await ort.InferenceSession.create(path, {
      executionProviders: o.device === 'cpu' ? ['cpu'] : [o.device, 'cpu'],
      // 0 means "let ONNX Runtime decide": the option must then be absent, not undefined
      ...(o.intraOpThreads > 0 ? { intraOpNumThreads: o.intraOpThreads } : {}),
      ...(o.interOpThreads > 0 ? { interOpNumThreads: o.interOpThreads } : {}),
      graphOptimizationLevel: 'all',
    })
  } catch (e) {
    throw new AppError(
      'MODEL_INVALID',
      `cannot load model file ${path}: ${String((e as Error).message).split('\n')[0]}`,
      { cause: e },
    )
  }
}

type InputMeta = { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] }
const metaCache = new WeakMap<Session, readonly InputMeta[]>()

// The metadata getter crosses into native code on every access: read it once per session.
function inputMeta(session: Session, name: string): InputMeta {
  let meta = metaCache.get(session)
  if (!meta)
    metaCache.set(
      session,
      (meta = [...((session as unknown as { inputMetadata?: readonly InputMeta[] }).inputMetadata ?? [])]),
    )
  const m = meta.find((x) => x.name === name)
  if (!m)
    throw new AppError(
      'MODEL_INVALID',
      `the model has no input named "${name}" (inputs: ${session.inputNames.join(', ')})`,
    )
  return m
}

/** Element type of an input, from the session's own metadata. */
export function inputType(session: Session, name: string): string {
  const m = inputMeta(session, name)
  return m.isTensor && m.type ? m.type : 'float32'
}

export function inputShape(session: Session, name: string): readonly (number | string)[] {
  return inputMeta(session, name).shape ?? []
}

/** Token IDs [B, 77] as the model's declared integer type. */
export function idsTensor(session: Session, name: string, ids: Int32Array, batch: number): ort.Tensor {
  const type = inputType(session, name)
  if (type === 'int64')
    return new ort.Tensor(
      'int64',
      BigInt64Array.from(ids, (v) => BigInt(v)),
      [batch, ids.length / batch],
    )
  return new ort.Tensor('int32', ids, [batch, ids.length / batch])
}

/** A timestep as the UNet declares it: int64 or float, rank 0, [1] or [B]. */
export function timestepTensor(session: Session, name: string, t: number, batch: number): ort.Tensor {
  const type = inputType(session, name)
  const shape = inputShape(session, name)
  const dims = shape.length === 0 ? [] : shape[0] === 1 ? [1] : [batch]
  const n = dims.length ? dims[0] : 1
  if (type === 'int64') return new ort.Tensor('int64', new BigInt64Array(n).fill(BigInt(t)), dims)
  return floatInput(session, name, new Float32Array(n).fill(t), dims)
}

/** Float data as the input declares it: float32 as is, float16 converted (fp16 exports). */
export function floatInput(session: Session, name: string, data: Float32Array, dims: number[]): ort.Tensor {
  if (inputType(session, name) === 'float16') return new ort.Tensor('float16', toFloat16Array(data), dims)
  return new ort.Tensor('float32', data, dims)
}

/** Runs a session and returns one named output as Float32Array, timing the raw run. */
export async function runFloat(
  session: Session,
  feeds: Feeds,
  output: string,
  clock: { ms: number },
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const t0 = performance.now()
  let out: ort.InferenceSession.OnnxValueMapType
  try {
    out = await session.run(feeds)
  } catch (e) {
    throw new AppError('ENGINE_FAILED', `ONNX Runtime failed: ${String((e as Error).message).split('\n')[0]}`, {
      cause: e,
    })
  }
  clock.ms += performance.now() - t0
  const t = out[output] ?? out[session.outputNames[0]]
  // Node 20 has no Float16Array: ORT hands float16 outputs over as their raw bits
  const data = t.type === 'float16' ? fromFloat16Array(t.data as Uint16Array) : (t.data as Float32Array)
  return { data, dims: t.dims }
}

const PROVIDER_LIBS: Partial<Record<ExecutionDevice, string[]>> = {
  cuda: ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'],
}

/**
 * What this onnxruntime-node can run here: the accelerators of the platform (the binding's list, the
 * provider libraries its install script would have fetched, a GPU device node) plus CPU, with reasons.
 */
export function probeProviders(platform = process.platform, arch = process.arch): ProviderProbe[] {
  const backends = ort.listSupportedBackends()
  const binDir = join(
    dirname(createRequire(import.meta.url).resolve('onnxruntime-node')),
    '..',
    'bin',
    'napi-v6',
    platform,
    arch,
  )
  const probes: ProviderProbe[] = platformAccelerators(platform, arch).map((device) => {
    const backend = backends.find((b) => b.name === device)
    if (!backend) return { device, available: false, reason: 'not built into this onnxruntime-node binary' }
    const missing = backend.bundled ? [] : (PROVIDER_LIBS[device] ?? []).filter((f) => !existsSync(join(binDir, f)))
    if (missing.length)
      return {
        device,
        available: false,
        reason:
          `its provider library (${missing.join(', ')}) is not installed: onnxruntime-node's install script was ` +
          'skipped (.npmrc onnxruntime-node-install=skip); fetch it with ' +
          '`ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js`',
      }
    if (device === 'cuda' && platform === 'linux' && !existsSync('/dev/nvidiactl'))
      return { device, available: false, reason: 'no NVIDIA GPU driver found (/dev/nvidiactl is missing)' }
    return { device, available: true, reason: 'provider library and device present' }
  })
  return [...probes, { device: 'cpu', available: true, reason: 'always available' }]
}
