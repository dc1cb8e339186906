// ENGINE_DEVICE resolution: auto probes the platform's accelerator and says why it was not used,
// explicit unavailable providers are a typed error, and a failing accelerator falls back to CPU.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  chooseDevice,
  platformAccelerators,
  withCpuFallback,
  type ExecutionDevice,
  type ProviderProbe,
} from '../../../src/engine/lcm/execution-provider.ts'
import { probeProviders } from '../../../src/engine/lcm/onnx-session.ts'
import { createEngine } from '../../../src/engine/index.ts'
import { loadConfig, testConfig } from '../../../src/config.ts'
import { engineInfos } from '../../../src/services.ts'
import { AppError } from '../../../src/errors.ts'
import { writeTinyExternalModel } from '../../helpers/tiny-onnx-external.ts'

const cpu: ProviderProbe = { device: 'cpu', available: true, reason: 'always available' }
let root: string
before(() => {
  root = mkdtempSync(join(tmpdir(), 'm2p-ep-'))
  writeTinyExternalModel(join(root, 'lcm-dreamshaper-v7'))
})
after(() => rmSync(root, { recursive: true, force: true }))

test('each platform tries its own accelerator: CUDA on Linux x64, CoreML on macOS, DirectML on Windows', () => {
  assert.deepEqual(platformAccelerators('linux', 'x64'), ['cuda'])
  assert.deepEqual(platformAccelerators('darwin', 'arm64'), ['coreml'])
  assert.deepEqual(platformAccelerators('win32', 'x64'), ['dml'])
  assert.deepEqual(platformAccelerators('linux', 'arm64'), [])
})

test('on this machine CUDA is probed and refused because its provider library was never installed', () => {
  const probes = probeProviders('linux', 'x64')
  const cuda = probes.find((p) => p.device === 'cuda')
  assert.equal(cuda?.available, false)
  assert.match(cuda!.reason, /libonnxruntime_providers_cuda\.so/)
  assert.match(cuda!.reason, /install script was skipped/)
  const choice = chooseDevice('auto', probes)
  assert.equal(choice.device, 'cpu')
  assert.match(choice.reason, /^CPU \(CUDA not used: .*libonnxruntime_providers_cuda\.so/)
})

test('auto takes an available accelerator; cpu is always honoured; an explicit missing one is refused', () => {
  const cuda = (available: boolean): ProviderProbe => ({
    device: 'cuda',
    available,
    reason: available ? 'ok' : 'no GPU',
  })
  assert.equal(chooseDevice('auto', [cuda(true), cpu]).device, 'cuda')
  assert.equal(chooseDevice('cpu', [cuda(true), cpu]).device, 'cpu')
  assert.equal(chooseDevice('cuda', [cuda(true), cpu]).device, 'cuda')
  assert.throws(
    () => chooseDevice('cuda', [cuda(false), cpu]),
    (e: AppError) => e.code === 'ENGINE_DEVICE_UNAVAILABLE' && e.status === 503 && /CUDA .*no GPU/.test(e.message),
  )
  assert.throws(
    () => chooseDevice('coreml', [cuda(true), cpu]),
    (e: AppError) => e.code === 'ENGINE_DEVICE_UNAVAILABLE' && /CoreML/.test(e.message),
  )
})

test('a provider that fails its run is retried on CPU with the reason; CPU failures and cancels are not', async () => {
  const tried: ExecutionDevice[] = []
  const r = await withCpuFallback('cuda', async (d) => {
    tried.push(d)
    if (d === 'cuda') throw new Error('CUDA failure 999: unknown error\nstack')
    return 42
  })
  assert.deepEqual(tried, ['cuda', 'cpu'])
  assert.deepEqual([r.value, r.device], [42, 'cpu'])
  assert.equal(r.fallback, 'CUDA failed (CUDA failure 999: unknown error); running on CPU instead')
  await assert.rejects(
    withCpuFallback('cpu', async () => {
      throw new Error('boom')
    }),
    /boom/,
  )
  let calls = 0
  await assert.rejects(
    withCpuFallback('cuda', async () => {
      calls++
      throw new AppError('CANCELLED', 'generation was cancelled')
    }),
    (e: AppError) => e.code === 'CANCELLED',
  )
  assert.equal(calls, 1)
})

test('the LCM engine under ENGINE_DEVICE=auto runs on CPU and says why; /api/engines lists model, dtype, device', async () => {
  const config = testConfig(root, { ENGINE: 'lcm', MODELS_DIR: root, ORT_INTRA_THREADS: '1' })
  assert.equal(config.engine.device, 'auto', 'auto is the default')
  const engine = await createEngine({ ...config.engine, modelsDir: root })
  try {
    const out = await engine.generate({ prompts: ['x'], seeds: [3], steps: 1, guidance: 8.5, width: 64, height: 64 })
    assert.equal(out.images[0].data.length, 64 * 64 * 3)
    const info = engine.info()
    assert.deepEqual([info.device, info.model, info.dtype], ['cpu', 'lcm-dreamshaper-v7', 'fp32'])
    assert.match(info.deviceReason!, /CUDA not used/)
    const listed = (await engineInfos(config, { id: 'lcm', loadMs: 1, info })).find((e) => e.id === 'lcm')!
    assert.deepEqual([listed.device, listed.dtype, listed.loaded, listed.available], ['cpu', 'fp32', true, true])
    assert.ok(listed.files.some((f) => f.path === 'lcm-dreamshaper-v7/unet/weights.pb' && f.present))
  } finally {
    await engine.close()
  }
  const cuda = testConfig(root, { ENGINE: 'lcm', MODELS_DIR: root, ENGINE_DEVICE: 'cuda' })
  await assert.rejects(
    createEngine({ ...cuda.engine, modelsDir: root }),
    (e: AppError) => e.code === 'ENGINE_DEVICE_UNAVAILABLE',
  )
  const listed = (await engineInfos(cuda)).find((e) => e.id === 'lcm')!
  assert.equal(listed.available, false)
  assert.match(listed.note!, /ENGINE_DEVICE=cuda/)
})

test('ENGINE_DEVICE accepts auto, cpu, cuda, coreml, dml and nothing else', () => {
  for (const d of ['auto', 'cpu', 'cuda', 'coreml', 'dml'])
    assert.equal(loadConfig({ ENGINE_DEVICE: d }).engine.device, d)
  assert.equal(loadConfig({}).engine.device, 'auto')
  assert.throws(
    () => loadConfig({ ENGINE_DEVICE: 'tpu' }),
    (e: AppError) => e.code === 'CONFIG_INVALID' && /ENGINE_DEVICE/.test(e.message),
  )
})

test('an engine started on a provider that cannot run falls back to CPU, generates, and says why', async () => {
  // Bypass the probe: hand the worker CUDA directly, as a machine whose CUDA library breaks at load would.
  const { createLcmEngine } = await import('../../../src/engine/lcm/lcm-engine.ts')
  const told: string[] = []
  const engine = createLcmEngine({
    modelDir: join(root, 'lcm-dreamshaper-v7'),
    device: 'cuda',
    deviceReason: 'CUDA: provider library and device present',
    intraOpThreads: 1,
    interOpThreads: 1,
    onFallback: (m) => told.push(m),
  })
  try {
    const out = await engine.generate({ prompts: ['x'], seeds: [1], steps: 1, guidance: 8.5, width: 64, height: 64 })
    assert.equal(out.images.length, 1)
    const info = engine.info()
    assert.equal(info.device, 'cpu')
    assert.match(info.deviceReason!, /^CPU \(CUDA failed \(.+\); running on CPU instead\)$/)
    assert.equal(told.length, 1)
  } finally {
    await engine.close()
  }
})
