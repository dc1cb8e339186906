import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testConfig } from '../../src/config.ts'
import { AppError } from '../../src/errors.ts'
import { createDefaultSource, createIngest, type Ingest } from '../../src/ingest/index.ts'
import { startFakeYouTube, type FakeYouTube } from '../helpers/fake-source.ts'
import { encodeWav, sine } from '../helpers/wav.ts'

const ID = 'ingestVid01'
const wav = encodeWav(sine(440, 3.5, 8000), 8000)
let fake: FakeYouTube
let dir: string
let ingest: Ingest
before(async () => {
  fake = await startFakeYouTube({ videos: { [ID]: { title: 'Via URL', author: 'Fake', durationSec: 1, wav } } })
  dir = await mkdtemp(join(tmpdir(), 'm2p-ingest-'))
  ingest = createIngest({ config: testConfig(dir), source: fake.source })
  await ingest.init()
})
after(async () => {
  await fake.close()
  await rm(dir, { recursive: true, force: true })
})
const code = (c: string) => (e: unknown) => e instanceof AppError && e.code === c

test('fetch dispatches a URL to the cache under <dataDir>/audio and an audioId of a video to the same entry', async () => {
  const t = await ingest.fetch({ url: ` https://youtu.be/${ID}?si=x ` })
  assert.equal(t.path, join(dir, 'audio', `${ID}.wav`))
  assert.equal(t.meta.title, 'Via URL')
  const mark = fake.requests()
  const again = await ingest.fetch({ audioId: ID })
  assert.equal(again.cached, true)
  assert.equal(fake.requests(), mark)
})

test('an invalid URL fails with INVALID_URL before any request', async () => {
  const mark = fake.requests()
  await assert.rejects(
    ingest.fetch({ url: 'https://youtube.com.evil.example/watch?v=ingestVid01' }),
    code('INVALID_URL'),
  )
  assert.equal(fake.requests(), mark)
})

test('upload IDs resolve only from the cache; unknown ones are AUDIO_NOT_FOUND, malformed ones INVALID_INPUT', async () => {
  const path = join(dir, 'local.wav')
  await writeFile(path, wav)
  const t = await ingest.fetch({ file: path })
  assert.equal(t.meta.source, 'file')
  assert.equal((await ingest.fetch({ audioId: t.audioId })).path, t.path)
  assert.ok(ingest.uploads.isUploadId(t.audioId))
  await assert.rejects(ingest.fetch({ audioId: 'up_0000000000000000' }), code('AUDIO_NOT_FOUND'))
  await assert.rejects(ingest.fetch({ audioId: '../etc/passwd' }), code('INVALID_INPUT'))
})

test('the default source is youtubei.js alone without yt-dlp, and chained with it when YTDLP_PATH is set', async () => {
  assert.equal(
    createDefaultSource(testConfig(dir, { YT_CLIENT: 'TV', YTDLP_PATH: join(dir, 'none') })).name,
    'youtubei.js/TV',
  )
  const bin = join(dir, 'yt-dlp')
  await writeFile(bin, '#!/bin/sh\nexit 1\n', { mode: 0o755 })
  assert.equal(createDefaultSource(testConfig(dir, { YTDLP_PATH: bin })).name, 'youtubei.js/ANDROID+yt-dlp')
})
