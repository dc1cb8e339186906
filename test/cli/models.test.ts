// `mus2pic models check | import | list` run as users run them (node bin/mus2pic.js) on tiny model
// folders: a passing one, one missing its external data, one with a renamed UNet input.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { renameGraphInput, writeTinyExternalModel } from '../helpers/tiny-onnx-external.ts'
import { runMus2pic } from '../helpers/cli.ts'

const run = (args: string[], env: Record<string, string> = {}) =>
  runMus2pic(args, { ORT_INTRA_THREADS: '1', ENGINE_DEVICE: '', ...env })

let root: string
let good: string
let noExt: string
let badName: string
before(() => {
  root = mkdtempSync(join(tmpdir(), 'm2p-models-cli-'))
  good = writeTinyExternalModel(join(root, 'good export'))
  noExt = writeTinyExternalModel(join(root, 'no-ext'))
  rmSync(join(noExt, 'unet', 'weights.pb'))
  badName = writeTinyExternalModel(join(root, 'bad-name'), { files: ['model.onnx_data'] })
  renameGraphInput(join(badName, 'unet', 'model.onnx'), 'sample', 'latent')
})
after(() => rmSync(root, { recursive: true, force: true }))

test('models check passes a working folder: every line ticked, a timed 64x64 smoke run, exit 0', async () => {
  const r = await run(['models', 'check', good])
  assert.equal(r.code, 0, r.stdout + r.stderr)
  const lines = r.stdout.trim().split('\n')
  assert.match(lines[0], /diffusers layout, fp32/)
  assert.ok(
    lines.slice(1).every((l) => l.startsWith('✓ ')),
    r.stdout,
  )
  assert.ok(
    lines.some((l) => /^✓ unet\/model\.onnx present .*external data: weights\.pb/.test(l)),
    r.stdout,
  )
  const smoke = /smoke generation 64x64, 1 step: (\d+) ms/.exec(r.stdout)
  assert.ok(smoke && Number(smoke[1]) > 0, r.stdout)
  assert.match(lines.at(-1)!, /^✓ all \d+ checks passed$/)
})

test('models check names the missing external-data file and the graph naming it, exit 1', async () => {
  const r = await run(['models', 'check', noExt])
  assert.equal(r.code, 1, r.stdout + r.stderr)
  assert.match(r.stdout, /^✗ unet\/weights\.pb is missing \(named by unet\/model\.onnx\)$/m)
  assert.doesNotMatch(r.stdout, /smoke generation/, 'no smoke run on a broken folder')
  assert.match(r.stdout, /✗ 1 of \d+ checks failed/)
})

test('models check reports a renamed UNet input with the names it found, exit 1', async () => {
  const r = await run(['models', 'check', badName])
  assert.equal(r.code, 1, r.stdout + r.stderr)
  assert.match(r.stdout, /optimum layout/)
  assert.match(r.stdout, /^✗ unet input `sample` missing; found: `latent`, `timestep`, `encoder_hidden_states`/m)
})

test('models import links a passing folder (or copies it with a lock file) and refuses a failing one', async () => {
  const modelsDir = join(root, 'models')
  const linked = await run(['models', 'import', good, '--name', 'mine'], { MODELS_DIR: modelsDir })
  assert.equal(linked.code, 0, linked.stdout + linked.stderr)
  assert.ok(lstatSync(join(modelsDir, 'mine')).isSymbolicLink())
  assert.equal(readlinkSync(join(modelsDir, 'mine')), good)
  assert.match(linked.stdout, /use it with LCM_MODEL=mine/)

  const copied = await run(['models', 'import', good, '--copy'], { MODELS_DIR: modelsDir })
  assert.equal(copied.code, 0, copied.stdout + copied.stderr)
  const dir = join(modelsDir, 'good-export') // the folder name, made a valid LCM_MODEL
  assert.ok(!lstatSync(dir).isSymbolicLink())
  assert.ok(readFileSync(join(dir, 'unet', 'weights.pb')).equals(readFileSync(join(good, 'unet', 'weights.pb'))))
  const lock = JSON.parse(readFileSync(join(dir, 'mus2pic-lock.json'), 'utf8'))
  assert.deepEqual(Object.keys(lock.files).sort(), [
    'text_encoder/model.onnx',
    'unet/model.onnx',
    'unet/weights.pb',
    'vae_decoder/model.onnx',
  ])

  const refused = await run(['models', 'import', noExt], { MODELS_DIR: modelsDir })
  assert.equal(refused.code, 1)
  assert.match(refused.stdout, /✗ unet\/weights\.pb is missing/)
  assert.match(refused.stderr, /failed the check, nothing was imported \[MODEL_INVALID\]/)
  assert.ok(!existsSync(join(modelsDir, 'no-ext')))

  const list = await run(['models', 'list', '--json'], { MODELS_DIR: modelsDir, LCM_MODEL: 'mine' })
  assert.equal(list.code, 0, list.stderr)
  const out = JSON.parse(list.stdout)
  const mine = out.find((m: { name: string }) => m.name === 'mine')
  assert.deepEqual([mine.present, mine.dtype, mine.configured, mine.device], [true, 'fp32', true, 'cpu'])
  assert.match(mine.deviceReason, /CUDA not used/)
})

test('ENGINE_DEVICE=cuda without the CUDA provider is a clear typed error naming it', async () => {
  const r = await run(['models', 'check', good], { ENGINE_DEVICE: 'cuda' })
  assert.equal(r.code, 1)
  assert.match(r.stderr, /ENGINE_DEVICE=cuda: the CUDA execution provider is unavailable here/)
  assert.match(r.stderr, /\[ENGINE_DEVICE_UNAVAILABLE\]$/m)
})
