import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { spawn } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../src/errors.ts'
import { createFallbackSource } from '../../src/ingest/fallback-source.ts'
import type { AudioSource } from '../../src/ingest/types.ts'
import { createYtDlpSource, findYtDlp, type SpawnFn } from '../../src/ingest/ytdlp-source.ts'

// A stand-in for yt-dlp, run with node through the injected spawn: it answers like the real
// program for a few video IDs (JSON metadata, a download with progress lines, ERROR lines).
const FAKE_YTDLP = String.raw`
const args = process.argv.slice(1)
const url = args.at(-1)
const id = /v=([\w-]{11})/.exec(url)[1]
const fail = (msg) => { process.stderr.write('ERROR: [youtube] ' + id + ': ' + msg + '\n'); process.exit(1) }
if (id === 'privateVid1') fail('Private video. Sign in if you\'ve been granted access to this video')
if (id === 'botChecked1') fail('Sign in to confirm you’re not a bot. Use --cookies-from-browser')
if (id === 'ageLimited1') fail('Sign in to confirm your age. This video may be inappropriate for some users.')
if (id === 'goneVideo01') fail('Video unavailable. This video has been removed by the uploader')
if (args.includes('--dump-single-json')) {
  const live_status = id === 'liveStream1' ? 'is_live' : 'not_live'
  const formats = [
    { format_id: '251', ext: 'webm', acodec: 'opus', vcodec: 'none', abr: 130.5, filesize: 3000 },
    { format_id: '18', ext: 'mp4', acodec: 'mp4a', vcodec: 'avc1' },
  ]
  const info = { id, title: 'Fallback Song', uploader: 'Dlp', duration: 215, live_status, thumbnail: 'thumb.jpg', formats }
  process.stdout.write(JSON.stringify(info))
  process.exit(0)
}
const out = args[args.indexOf('-o') + 1].replace('%(ext)s', 'webm')
require('fs').writeFileSync(out, Buffer.alloc(3000, 7))
process.stderr.write('M2P-PROGRESS 1500 3000\nM2P-PROGRESS 3000 3000\n')
process.stdout.write(out + '\n')
`

let dir: string
const calls: string[][] = []
const fakeSpawn: SpawnFn = (_cmd, args) => {
  calls.push(args)
  return spawn(process.execPath, ['-e', FAKE_YTDLP, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
}
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'm2p-dlp-'))
})
after(() => rm(dir, { recursive: true, force: true }))

const code = (c: string) => (e: unknown) => e instanceof AppError && e.code === c
const dlp = () => createYtDlpSource({ path: '/usr/bin/yt-dlp', spawn: fakeSpawn })

test('yt-dlp metadata is read from --dump-single-json: audio-only formats, live status', async () => {
  const m = await dlp().metadata('okVideo0001')
  assert.deepEqual(
    { title: m.title, author: m.author, durationSec: m.durationSec, isLive: m.isLive, formats: m.formats },
    {
      title: 'Fallback Song',
      author: 'Dlp',
      durationSec: 215,
      isLive: false,
      formats: [{ mimeType: 'audio/webm', bitrate: 130_500, contentLength: 3000, itag: 251 }],
    },
  )
  assert.ok(calls.at(-1)!.includes('--no-playlist'))
  assert.equal(calls.at(-1)!.at(-1), 'https://www.youtube.com/watch?v=okVideo0001')
  assert.equal((await dlp().metadata('liveStream1')).isLive, true)
})

test('yt-dlp download lands at the destination with its extension and progress', async () => {
  const dest = join(dir, 'okVideo0001.part')
  const progress: number[] = []
  const r = await dlp().download('okVideo0001', dest, { onProgress: (p) => progress.push(p.receivedBytes) })
  assert.deepEqual(r, { ext: 'webm', bytes: 3000 })
  assert.deepEqual(await readFile(dest), Buffer.alloc(3000, 7))
  assert.deepEqual(progress, [1500, 3000])
  assert.ok(calls.at(-1)!.includes('bestaudio/best'))
})

for (const [id, expected] of [
  ['privateVid1', 'VIDEO_PRIVATE'],
  ['botChecked1', 'SOURCE_BLOCKED'],
  ['ageLimited1', 'VIDEO_AGE_RESTRICTED'],
  ['goneVideo01', 'VIDEO_UNAVAILABLE'],
] as const) {
  test(`yt-dlp's error for ${id} becomes ${expected}`, async () => {
    await assert.rejects(dlp().metadata(id), code(expected))
  })
}

test('findYtDlp uses YTDLP_PATH when executable, else PATH, else nothing', async () => {
  const bin = join(dir, 'yt-dlp')
  await writeFile(bin, '#!/bin/sh\n')
  await chmod(bin, 0o755)
  assert.equal(findYtDlp(bin), bin)
  assert.equal(findYtDlp(join(dir, 'missing')), undefined)
  assert.equal(findYtDlp(undefined, `/nonexistent:${dir}`), bin)
  assert.equal(findYtDlp(undefined, '/nonexistent'), undefined)
})

/** A scripted source: each method throws the given error or answers. */
function scripted(name: string, err?: AppError): AudioSource & { calls: string[] } {
  const calls: string[] = []
  return {
    name,
    calls,
    async metadata(id) {
      calls.push('metadata')
      if (err) throw err
      return { videoId: id, title: name, author: '', durationSec: 1, isLive: false, formats: [] }
    },
    async download(_id, _dest, o) {
      calls.push(`download@${o.startByte ?? 0}`)
      if (err) throw err
      return { ext: name, bytes: 1 }
    },
  }
}

test('falls back to yt-dlp on SOURCE_BLOCKED and keeps using it for that video, from byte 0', async () => {
  const primary = scripted('lib', new AppError('SOURCE_BLOCKED', 'decipher failed'))
  const fallback = scripted('dlp')
  const src = createFallbackSource(primary, fallback)
  assert.equal((await src.metadata('aaaaaaaaaaa')).title, 'dlp')
  assert.equal((await src.download('aaaaaaaaaaa', '/tmp/x', { startByte: 500 })).ext, 'dlp')
  assert.deepEqual(primary.calls, ['metadata'])
  assert.deepEqual(fallback.calls, ['metadata', 'download@0'])
})

for (const c of ['VIDEO_PRIVATE', 'NETWORK', 'TRACK_TOO_LONG', 'VIDEO_AGE_RESTRICTED'] as const) {
  test(`does not fall back on ${c}`, async () => {
    const fallback = scripted('dlp')
    const src = createFallbackSource(scripted('lib', new AppError(c, 'no')), fallback)
    await assert.rejects(src.metadata('bbbbbbbbbbb'), code(c))
    assert.deepEqual(fallback.calls, [])
  })
}
