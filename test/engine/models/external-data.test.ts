// Real downloads of a tiny model whose UNet (and VAE) keep weights in external-data files, from a
// loopback fake hub: the graph's references are discovered and fetched, resumed, verified against the
// hub's X-Linked-Etag, recorded in mus2pic-lock.json, then loaded and run through the LCM engine.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { downloadModel, verifyLocked, type ModelManifest } from '../../../src/engine/models/index.ts'
import { readGraphInfo } from '../../../src/engine/models/onnx-graph.ts'
import { createLcmEngine } from '../../../src/engine/lcm/lcm-engine.ts'
import { createEngine } from '../../../src/engine/index.ts'
import { AppError } from '../../../src/errors.ts'
import { writeTinyExternalModel } from '../../helpers/tiny-onnx-external.ts'
import { startFakeHub } from '../../helpers/fake-hub.ts'

const GRAPHS = ['text_encoder/model.onnx', 'unet/model.onnx', 'vae_decoder/model.onnx']
const manifest = (): ModelManifest => ({
  name: 'tiny',
  description: 'test',
  licence: 'test',
  files: GRAPHS.map((path) => ({ path, url: `https://example.invalid/${path}` })),
})
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

function setup(files = ['weights.pb']) {
  const root = mkdtempSync(join(tmpdir(), 'm2p-ext-'))
  const src = writeTinyExternalModel(join(root, 'src'), { graphs: ['unet', 'vae_decoder'], files })
  return { root, src, models: join(root, 'models'), done: () => rmSync(root, { recursive: true, force: true }) }
}

test('the tiny generator writes graphs whose initializers point at the external files', () => {
  const t = setup(['w-a.bin', 'w-b.bin'])
  try {
    const unet = readGraphInfo(join(t.src, 'unet', 'model.onnx'))
    assert.deepEqual(unet.external.map((e) => e.location).sort(), ['w-a.bin', 'w-b.bin'])
    for (const e of unet.external) assert.ok(readFileSync(join(t.src, 'unet', e.location)).length >= e.minBytes)
    assert.deepEqual(readGraphInfo(join(t.src, 'text_encoder', 'model.onnx')).external, [])
    assert.deepEqual(
      unet.inputs.map((i) => `${i.name}:${i.type}:${i.dims.join(',')}`),
      [
        'sample:float32:batch,4,height,width',
        'timestep:int64:1',
        'encoder_hidden_states:float32:batch,77,768',
        'timestep_cond:float32:batch,256',
      ],
    )
  } finally {
    t.done()
  }
})

test('downloads graphs and the external data they name (two files), resuming a dropped one, then generates', async () => {
  const t = setup(['w-a.bin', 'w-b.bin'])
  const hub = await startFakeHub(t.src, { drop: { path: 'unet/w-a.bin', atByte: 2000 } })
  try {
    await downloadModel('tiny', { modelsDir: t.models, baseUrl: hub.url, manifest: manifest(), backoffMs: 5 })
    const dir = join(t.models, 'tiny')
    // The tiny VAE has one weight tensor: its graph names only the first file, and only that one comes.
    assert.ok(!existsSync(join(dir, 'vae_decoder/w-b.bin')))
    for (const p of ['unet/w-a.bin', 'unet/w-b.bin', 'vae_decoder/w-a.bin', ...GRAPHS])
      assert.ok(readFileSync(join(dir, p)).equals(readFileSync(join(t.src, p))), `${p} byte for byte`)
    const resumed = hub.requests.find((r) => r.path === 'unet/w-a.bin' && r.status === 206)
    assert.equal(resumed?.range, 'bytes=2000-', JSON.stringify(hub.requests.filter((r) => r.path === 'unet/w-a.bin')))
    assert.deepEqual(readdirSync(join(dir, 'unet')).sort(), ['model.onnx', 'w-a.bin', 'w-b.bin'], 'no .part left')
    const lock = JSON.parse(readFileSync(join(dir, 'mus2pic-lock.json'), 'utf8'))
    assert.equal(lock.files['unet/w-a.bin'].sha256, sha(readFileSync(join(t.src, 'unet/w-a.bin'))))
    assert.equal(lock.files['unet/w-a.bin'].source, 'hub')
    assert.equal(lock.files['unet/w-b.bin'].bytes, readFileSync(join(t.src, 'unet/w-b.bin')).length)
    assert.equal(Object.keys(lock.files).length, 6)

    const engine = createLcmEngine({ modelDir: dir, device: 'cpu', intraOpThreads: 1, interOpThreads: 1 })
    try {
      const out = await engine.generate({
        prompts: ['a', 'b'],
        seeds: [1, 2],
        steps: 2,
        guidance: 8.5,
        width: 64,
        height: 64,
      })
      assert.equal(out.images.length, 2)
      assert.equal(out.images[0].data.length, 64 * 64 * 3)
      assert.ok(!Buffer.from(out.images[0].data).equals(Buffer.from(out.images[1].data)), 'two seeds, two images')
      const distinct = new Set(out.images[0].data).size
      assert.ok(distinct > 20, `a real image, not a flat fill: ${distinct} distinct byte values`)
    } finally {
      await engine.close()
    }
  } finally {
    await hub.close()
    t.done()
  }
})

test('a file whose bytes do not match the hub X-Linked-Etag is refused and its .part deleted', async () => {
  const t = setup()
  const hub = await startFakeHub(t.src, { wrongHash: 'unet/weights.pb' })
  try {
    await assert.rejects(
      downloadModel('tiny', { modelsDir: t.models, baseUrl: hub.url, manifest: manifest(), backoffMs: 5 }),
      (e: AppError) =>
        e.code === 'CHECKSUM_MISMATCH' && e.message.includes('unet/weights.pb') && e.message.includes("hub's ETag"),
    )
    const unet = join(t.models, 'tiny', 'unet')
    assert.ok(!existsSync(join(unet, 'weights.pb')) && !existsSync(join(unet, 'weights.pb.part')))
    assert.ok(existsSync(join(unet, 'model.onnx')), 'the good graph stays')
  } finally {
    await hub.close()
    t.done()
  }
})

test('later loads re-verify from the lock: hash only when mtime moves, refuse changed bytes', async () => {
  const t = setup()
  const hub = await startFakeHub(t.src, { noHashes: true })
  try {
    await downloadModel('tiny', { modelsDir: t.models, baseUrl: hub.url, manifest: manifest(), backoffMs: 5 })
    const dir = join(t.models, 'tiny')
    const lock = JSON.parse(readFileSync(join(dir, 'mus2pic-lock.json'), 'utf8'))
    assert.equal(lock.files['unet/weights.pb'].source, 'computed', 'no hub hash: recorded, not claimed verified')
    assert.deepEqual((await verifyLocked(dir)).rehashed, [], 'unchanged mtimes: nothing hashed')
    const w = join(dir, 'unet', 'weights.pb')
    utimesSync(w, new Date(), new Date(Date.now() + 5000))
    assert.deepEqual((await verifyLocked(dir)).rehashed, ['unet/weights.pb'])
    assert.deepEqual((await verifyLocked(dir)).rehashed, [], 'the new mtime was recorded')
    const bytes = readFileSync(w)
    bytes[100] ^= 0xff // same size, different content
    writeFileSync(w, bytes)
    await assert.rejects(
      verifyLocked(dir),
      (e: AppError) => e.code === 'MODEL_INVALID' && e.message.includes('unet/weights.pb'),
    )
    // The engine runs the same check before it loads anything.
    const engineOpts = { kind: 'lcm', device: 'cpu', model: 'tiny', intraOpThreads: 1, interOpThreads: 1 } as const
    await assert.rejects(
      createEngine({ ...engineOpts, modelsDir: t.models }),
      (e: AppError) => e.code === 'MODEL_INVALID' && /changed since it was verified/.test(e.message),
    )
    rmSync(w)
    await assert.rejects(
      verifyLocked(dir),
      (e: AppError) => e.code === 'MODEL_MISSING' && e.message.includes('unet/weights.pb'),
    )
    // Deleting a bad file and downloading again repairs the folder.
    await downloadModel('tiny', { modelsDir: t.models, baseUrl: hub.url, manifest: manifest(), backoffMs: 5 })
    assert.ok(readFileSync(w).equals(readFileSync(join(t.src, 'unet', 'weights.pb'))))
    assert.equal((await verifyLocked(dir)).checked.length, 5, '3 graphs + 2 weight files')
  } finally {
    await hub.close()
    t.done()
  }
})

test('the model dtype comes from the graph: fp16 inputs or mostly-fp16 weights read as fp16', async () => {
  const { graphDtype } = await import('../../../src/engine/models/onnx-graph.ts')
  const io = (type: string) => ({ name: 'sample', type, dims: ['batch', 4, 'h', 'w'] })
  assert.equal(graphDtype({ inputs: [io('float32')], outputs: [], external: [], weightType: 'float32' }), 'fp32')
  assert.equal(graphDtype({ inputs: [io('float16')], outputs: [], external: [], weightType: 'float16' }), 'fp16')
  // Some exports keep fp32 inputs with fp16 weights behind a Cast: still an fp16 model.
  assert.equal(graphDtype({ inputs: [io('float32')], outputs: [], external: [], weightType: 'float16' }), 'fp16')
  const t = setup()
  try {
    assert.equal(graphDtype(readGraphInfo(join(t.src, 'unet', 'model.onnx'))), 'fp32')
  } finally {
    t.done()
  }
})

test('a graph whose external data points outside its folder, or a file that is not ONNX, is MODEL_INVALID', () => {
  const root = mkdtempSync(join(tmpdir(), 'm2p-ext-bad-'))
  try {
    writeTinyExternalModel(join(root, 'm'), { files: ['../escape.bin'] })
    assert.throws(
      () => readGraphInfo(join(root, 'm', 'unet', 'model.onnx')),
      (e: AppError) => e.code === 'MODEL_INVALID' && /"\.\.\/escape\.bin" leaves the model folder/.test(e.message),
    )
    writeFileSync(join(root, 'junk.onnx'), Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))
    assert.throws(
      () => readGraphInfo(join(root, 'junk.onnx')),
      (e: AppError) => e.code === 'MODEL_INVALID' && /not a readable ONNX model/.test(e.message),
    )
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})
