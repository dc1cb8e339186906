// Model downloads against a loopback server: resume with Range after a dropped connection, checksum
// rejection with nothing left under the final name, nothing ever downloaded implicitly.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { downloadModel, listModels, type ModelManifest } from '../../../src/engine/models/index.ts'
import { AppError } from '../../../src/errors.ts'

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7) & 255
  return b
}

async function serve(files: Record<string, Buffer>, dropFirstAt?: number) {
  const ranges: (string | undefined)[] = []
  let dropped = false
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const body = files[req.url!.slice(1)]
    if (!body) return res.writeHead(404).end()
    ranges.push(req.headers.range)
    const m = /bytes=(\d+)-/.exec(req.headers.range ?? '')
    const start = m ? Number(m[1]) : 0
    res.writeHead(m ? 206 : 200, { 'content-length': body.length - start })
    if (dropFirstAt !== undefined && !dropped) {
      dropped = true
      res.write(body.subarray(start, dropFirstAt), () => res.socket?.destroy())
      return
    }
    res.end(body.subarray(start))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ranges,
    close: () => new Promise((r) => server.close(r)),
  }
}

const manifest = (files: Record<string, Buffer>, hashes: Record<string, string> = {}): ModelManifest => ({
  name: 'tiny',
  description: 'test',
  licence: 'test',
  files: Object.keys(files).map((path) => ({
    path,
    url: `https://example.invalid/${path}`,
    sha256: hashes[path] ?? createHash('sha256').update(files[path]).digest('hex'),
  })),
})

test('an interrupted download resumes with a Range request and completes byte for byte', async () => {
  const files = { 'unet/weights.pb': bytes(300_000, 1), 'tokenizer/vocab.json': bytes(5000, 2) }
  const srv = await serve(files, 120_000)
  const dir = mkdtempSync(join(tmpdir(), 'm2p-dl-'))
  try {
    const progress: number[] = []
    await downloadModel('tiny', {
      modelsDir: dir,
      baseUrl: srv.url,
      manifest: manifest(files),
      backoffMs: 10,
      onProgress: (p) => progress.push(p.receivedBytes),
    })
    assert.ok(
      srv.ranges.some((r) => r?.startsWith('bytes=') && Number(r.slice(6, -1)) > 0),
      `a Range request was sent: ${srv.ranges}`,
    )
    for (const [path, body] of Object.entries(files))
      assert.ok(readFileSync(join(dir, 'tiny', path)).equals(body), path)
    assert.ok(progress.at(-1)! >= 5000)
    assert.deepEqual(readdirSync(join(dir, 'tiny', 'unet')), ['weights.pb'], 'no .part left')
  } finally {
    await srv.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a wrong checksum is rejected and nothing appears under the final name', async () => {
  const files = { 'vae_decoder/weights.pb': bytes(10_000, 3) }
  const srv = await serve(files)
  const dir = mkdtempSync(join(tmpdir(), 'm2p-dl-'))
  try {
    await assert.rejects(
      downloadModel('tiny', {
        modelsDir: dir,
        baseUrl: srv.url,
        manifest: manifest(files, { 'vae_decoder/weights.pb': 'ab'.repeat(32) }),
        backoffMs: 10,
      }),
      (e: AppError) => e.code === 'CHECKSUM_MISMATCH' && e.message.includes('vae_decoder/weights.pb'),
    )
    assert.ok(!existsSync(join(dir, 'tiny', 'vae_decoder', 'model.onnx')))
    assert.ok(
      !existsSync(join(dir, 'tiny', 'vae_decoder', 'model.onnx.part')),
      'a corrupt partial is not kept for resuming',
    )
  } finally {
    await srv.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('listModels reports what is missing; unknown model names are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-dl-'))
  try {
    const [m] = listModels(dir)
    assert.equal(m.name, 'lcm-dreamshaper-v7')
    assert.equal(m.present, false)
    assert.ok(m.files.some((f) => f.path === 'unet/model.onnx' && !f.present))
    await assert.rejects(downloadModel('nope', { modelsDir: dir }), (e: AppError) => e.code === 'INVALID_INPUT')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
