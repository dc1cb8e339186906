import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../src/errors.ts'
import { AudioCache } from '../../src/ingest/audio-cache.ts'
import type { AudioSource } from '../../src/ingest/types.ts'
import { encodeWav, sine } from '../helpers/wav.ts'

/** Uploads must never reach a remote source. */
const noSource: AudioSource = {
  name: 'none',
  metadata: () => assert.fail('no source call expected'),
  download: () => assert.fail('no source call expected'),
}

let root: string
let cache: AudioCache
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'm2p-up-'))
  cache = new AudioCache({
    dir: join(root, 'audio'),
    source: noSource,
    maxBytes: 1e8,
    ttlMs: 1e9,
    maxTrackSeconds: 30,
    uploadMaxBytes: 200_000,
    maxConcurrentDownloads: 1,
  })
  await cache.init()
})
after(() => rm(root, { recursive: true, force: true }))

const code = (c: string) => (e: unknown) => e instanceof AppError && e.code === c

test('a real WAV upload is stored by content hash with its probed duration, whatever its name', async () => {
  const wav = encodeWav(sine(440, 2, 16000), 16000)
  const tmp = join(root, 'upload-1.bin')
  await writeFile(tmp, wav)
  const t = await cache.putUpload(tmp, 'My Song.mp3')
  const hash = createHash('sha256').update(wav).digest('hex')
  assert.equal(t.audioId, `up_${hash.slice(0, 16)}`)
  assert.ok(t.path.endsWith(`${t.audioId}.wav`), t.path) // sniffed as WAV, not trusted as .mp3
  assert.equal(t.meta.title, 'My Song')
  assert.equal(t.meta.source, 'upload')
  assert.ok(Math.abs(t.meta.durationSec - 2) < 0.01, String(t.meta.durationSec))
  assert.deepEqual(await readFile(t.path), wav)
  assert.ok(existsSync(tmp), 'the caller owns and removes the temp file')
  assert.equal(cache.lookup(t.audioId)?.path, t.path)

  const again = join(root, 'upload-2.bin')
  await writeFile(again, wav)
  const second = await cache.putUpload(again, 'other name.wav')
  assert.equal(second.audioId, t.audioId)
  assert.equal(second.cached, true)
})

test('a text file named .mp3 is refused with INVALID_AUDIO and nothing is stored', async () => {
  const tmp = join(root, 'song.mp3')
  await writeFile(tmp, 'this is not audio, just words\n'.repeat(10))
  const before = readdirSync(join(root, 'audio')).length
  await assert.rejects(
    cache.putUpload(tmp, 'song.mp3'),
    (e: unknown) => code('INVALID_AUDIO')(e) && /not a readable audio file/.test((e as Error).message),
  )
  assert.equal(readdirSync(join(root, 'audio')).length, before)
})

test('an upload over the byte limit is PAYLOAD_TOO_LARGE before it is read', async () => {
  const tmp = join(root, 'big.wav')
  await writeFile(tmp, encodeWav(sine(100, 7, 16000), 16000)) // 224,044 bytes > 200,000
  await assert.rejects(cache.putUpload(tmp), code('PAYLOAD_TOO_LARGE'))
})

test('audio longer than the track limit is TRACK_TOO_LONG', async () => {
  const tmp = join(root, 'long.wav')
  await writeFile(tmp, encodeWav(sine(100, 40, 2000), 2000)) // 40 s at 2 kHz: small but long
  await assert.rejects(
    cache.putUpload(tmp),
    (e: unknown) => code('TRACK_TOO_LONG')(e) && /0:40.*0:30/.test((e as Error).message),
  )
})

test('an empty file is INVALID_AUDIO and a missing one AUDIO_NOT_FOUND', async () => {
  const tmp = join(root, 'empty.wav')
  await writeFile(tmp, '')
  await assert.rejects(cache.putUpload(tmp), code('INVALID_AUDIO'))
  await assert.rejects(cache.addLocalFile(join(root, 'missing.wav')), code('AUDIO_NOT_FOUND'))
})

test('addLocalFile stores a CLI file by hash with source "file" and its file name as title', async () => {
  const path = join(root, 'Quiet Harbour.wav')
  await writeFile(path, encodeWav(sine(220, 1, 16000), 16000))
  const t = await cache.addLocalFile(path)
  assert.match(t.audioId, /^up_[0-9a-f]{16}$/)
  assert.equal(t.meta.source, 'file')
  assert.equal(t.meta.title, 'Quiet Harbour')
})
