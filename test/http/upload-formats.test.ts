// Uploads through the HTTP edge: playlists and concat lists are refused with 415 before decoding,
// errors name the user's file in plain words (no server paths, no ffmpeg dumps), short audio is refused.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestApp } from '../helpers/app.ts'
import { encodeWav, sine } from '../helpers/wav.ts'

type T = Awaited<ReturnType<typeof createTestApp>>
let t: T
let outside: string
let secretWav: string
before(async () => {
  t = await createTestApp({ env: { UPLOAD_MAX_MB: '2' } })
  outside = await mkdtemp(join(tmpdir(), 'm2p-outside-'))
  secretWav = join(outside, 'secret.wav')
  await writeFile(secretWav, encodeWav(sine(330, 4, 8000), 8000))
})
after(async () => {
  await t?.close()
  await rm(outside, { recursive: true, force: true })
})

const upload = (bytes: Buffer | string, name: string) => {
  const form = new FormData()
  form.append('file', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name))
  return t.app.request('/api/uploads', { method: 'POST', body: form })
}
const audioFiles = () => readdirSync(join(t.dataDir, 'audio')).filter((n) => !n.endsWith('.json'))

test('an .m3u8 naming a local WAV is 415 UNSUPPORTED_MEDIA, stores nothing, and reads alike for a missing path', async () => {
  const list = (p: string) => `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\n${p}\n#EXT-X-ENDLIST\n`
  const before = audioFiles().length
  const real = await upload(list(secretWav), 'song.m3u8')
  const ghost = await upload(list(join(outside, 'missing.wav')), 'song.m3u8')
  assert.equal(real.status, 415)
  assert.equal(ghost.status, 415)
  const a = (await real.json()) as { error: { code: string; message: string; details?: unknown } }
  const b = (await ghost.json()) as { error: { code: string; message: string } }
  assert.equal(a.error.code, 'UNSUPPORTED_MEDIA')
  assert.deepEqual(a, b) // no existence oracle
  assert.equal(a.error.details, undefined)
  assert.match(a.error.message, /"song\.m3u8"/)
  assert.doesNotMatch(a.error.message, new RegExp(`${t.dataDir}|${outside}|upload-|\\.part|Stream #`))
  assert.equal(audioFiles().length, before)
})

test('an ffconcat file naming a local WAV is 415 (was 500), and a text file is 400 in plain words', async () => {
  const res = await upload(`ffconcat version 1.0\nfile '${secretWav}'\n`, 'mix.txt')
  assert.equal(res.status, 415)
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'UNSUPPORTED_MEDIA')
  const text = await upload('just words\n'.repeat(50), 'Song.mp3')
  assert.equal(text.status, 400)
  const body = (await text.json()) as { error: { code: string; message: string; details?: unknown } }
  assert.equal(body.error.code, 'INVALID_AUDIO')
  assert.match(body.error.message, /^"Song\.mp3" is not a readable audio file/)
  assert.doesNotMatch(body.error.message, /\/tmp|\.part|ffmpeg|Invalid data/)
  assert.equal(body.error.details, undefined)
})

test('a 0.2 s WAV is refused at upload with 422 AUDIO_TOO_SHORT', async () => {
  const res = await upload(encodeWav(sine(440, 0.2, 22050), 22050), 'blip.wav')
  assert.equal(res.status, 422)
  const body = (await res.json()) as { error: { code: string; message: string } }
  assert.equal(body.error.code, 'AUDIO_TOO_SHORT')
  assert.match(body.error.message, /0\.2 s/)
})

test('a truncated MP3 claiming 30 s but holding 2.5 s is refused with AUDIO_TOO_SHORT', async () => {
  const { spawnSync } = await import('node:child_process')
  const { resolveFfmpegPath } = await import('../../src/audio/decode.ts')
  const full = join(outside, 'full.mp3')
  const r = spawnSync(resolveFfmpegPath(), [
    ...['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=440:d=30'],
    ...['-ar', '44100', '-b:a', '128k', full],
  ])
  assert.equal(r.status, 0)
  const { readFile } = await import('node:fs/promises')
  const res = await upload((await readFile(full)).subarray(0, 40_000), 'cut.mp3')
  assert.equal(res.status, 422)
  const body = (await res.json()) as { error: { code: string; message: string } }
  assert.equal(body.error.code, 'AUDIO_TOO_SHORT')
  assert.match(body.error.message, /2\.[45] s/)
})

test('a video without sound is 415 in plain words: no stream dump, no server path', async () => {
  const { spawnSync } = await import('node:child_process')
  const { resolveFfmpegPath } = await import('../../src/audio/decode.ts')
  const mp4 = join(outside, 'silent.mp4')
  const r = spawnSync(resolveFfmpegPath(), [
    ...['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=5:duration=2'],
    ...['-c:v', 'mpeg4', mp4],
  ])
  assert.equal(r.status, 0, String(r.stderr))
  const { readFile } = await import('node:fs/promises')
  const res = await upload(await readFile(mp4), 'clip.mp4')
  assert.equal(res.status, 415)
  const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } }
  assert.deepEqual(body.error, { code: 'UNSUPPORTED_MEDIA', message: '"clip.mp4" has no audio stream' })
})
