import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../src/errors.ts'
import {
  chooseAudioFormat,
  createYouTubeSource,
  type FormatLike,
  type InnertubeLike,
  type VideoInfoLike,
} from '../../src/ingest/youtube-source.ts'
import { startFakeYouTube, type FakeYouTube } from '../helpers/fake-source.ts'
import { encodeWav, sine } from '../helpers/wav.ts'

const ID = 'vid00000001'
const wav = encodeWav(sine(440, 2, 8000), 8000) // 32,044 bytes
let fake: FakeYouTube
let dir: string
before(async () => {
  fake = await startFakeYouTube({ videos: { [ID]: { title: 't', author: 'a', durationSec: 2, wav } } })
  dir = await mkdtemp(join(tmpdir(), 'm2p-yt-'))
})
after(async () => {
  await fake.close()
  await rm(dir, { recursive: true, force: true })
})

const fmt = (over: Partial<FormatLike>): FormatLike => ({
  itag: 0,
  mime_type: 'audio/webm; codecs="opus"',
  bitrate: 128_000,
  has_audio: true,
  has_video: false,
  decipher: async () => `${fake.url}/audio/${ID}`,
  ...over,
})

function info(
  over: Partial<VideoInfoLike> = {},
  formats: FormatLike[] = [fmt({ itag: 251, content_length: wav.length })],
): VideoInfoLike {
  return {
    basic_info: {
      title: 'Song',
      author: 'Band',
      duration: 2,
      thumbnail: [
        { url: 'small', width: 120 },
        { url: 'big', width: 1280 },
      ],
    },
    playability_status: { status: 'OK' },
    streaming_data: { adaptive_formats: formats },
    ...over,
  }
}

function fakeClient(make: () => Promise<VideoInfoLike> | VideoInfoLike, calls: { id: string; o: unknown }[] = []) {
  let created = 0
  const client: InnertubeLike = {
    session: { player: { fake: true } },
    getBasicInfo: async (id, o) => {
      calls.push({ id, o })
      return make()
    },
  }
  return { createClient: async () => (created++, client), created: () => created, calls }
}

const code = (c: string) => (e: unknown) => e instanceof AppError && e.code === c

test('chooses the best audio-only format: default track, no DRC, highest bitrate, Opus on ties', () => {
  const pick = chooseAudioFormat([
    fmt({ itag: 18, has_video: true, bitrate: 900_000 }),
    fmt({ itag: 140, mime_type: 'audio/mp4; codecs="mp4a.40.2"', bitrate: 130_000 }),
    fmt({ itag: 251, bitrate: 130_000 }),
    fmt({ itag: 999, bitrate: 200_000, is_drc: true }),
    fmt({ itag: 998, bitrate: 300_000, audio_track: { audio_is_default: false } }),
    fmt({ itag: 250, bitrate: 70_000 }),
  ])
  assert.equal(pick?.itag, 251)
  assert.equal(chooseAudioFormat([fmt({ has_video: true })]), undefined)
})

test('metadata maps title, author, duration, widest thumbnail and audio formats, with the configured client and po_token', async () => {
  const f = fakeClient(() => info())
  const src = createYouTubeSource({ client: 'IOS', poToken: 'tok', createClient: f.createClient })
  const m = await src.metadata(ID)
  assert.deepEqual(
    {
      title: m.title,
      author: m.author,
      durationSec: m.durationSec,
      isLive: m.isLive,
      thumbnail: m.thumbnail,
      itags: m.formats.map((x) => x.itag),
    },
    { title: 'Song', author: 'Band', durationSec: 2, isLive: false, thumbnail: 'big', itags: [251] },
  )
  assert.deepEqual(f.calls[0], { id: ID, o: { client: 'IOS', po_token: 'tok' } })
  await src.download(ID, join(dir, 'm.part'), {})
  assert.equal(f.calls.length, 1, 'metadata and download of one ID share one player request')
  assert.equal(f.created(), 1)
})

const playability: [string, { status: string; reason?: string }, string][] = [
  ['private', { status: 'LOGIN_REQUIRED', reason: 'This video is private' }, 'VIDEO_PRIVATE'],
  ['age-restricted', { status: 'LOGIN_REQUIRED', reason: 'Sign in to confirm your age' }, 'VIDEO_AGE_RESTRICTED'],
  ['sign-in without a reason', { status: 'LOGIN_REQUIRED' }, 'VIDEO_AGE_RESTRICTED'],
  ['bot check', { status: 'LOGIN_REQUIRED', reason: 'Sign in to confirm you’re not a bot' }, 'SOURCE_BLOCKED'],
  ['removed', { status: 'ERROR', reason: 'Video unavailable' }, 'VIDEO_UNAVAILABLE'],
  [
    'unplayable for another reason',
    { status: 'UNPLAYABLE', reason: 'Playback on other websites has been disabled' },
    'VIDEO_UNAVAILABLE',
  ],
  [
    'offline live stream',
    { status: 'LIVE_STREAM_OFFLINE', reason: 'This live event will begin in 3 hours' },
    'VIDEO_LIVE',
  ],
]
for (const [what, status, expected] of playability) {
  test(`maps a ${what} video to ${expected}`, async () => {
    const src = createYouTubeSource({
      client: 'ANDROID',
      createClient: fakeClient(() => info({ playability_status: status })).createClient,
    })
    await assert.rejects(src.metadata(ID), code(expected))
  })
}

test('a live video is VIDEO_LIVE even when playable', async () => {
  const src = createYouTubeSource({
    client: 'ANDROID',
    createClient: fakeClient(() => info({ basic_info: { title: 'x', is_live: true } })).createClient,
  })
  await assert.rejects(src.metadata(ID), code('VIDEO_LIVE'))
})

test('library failures are typed: "fetch failed" is NETWORK, a decipher error SOURCE_BLOCKED', async () => {
  const net = createYouTubeSource({
    client: 'ANDROID',
    createClient: fakeClient(() => Promise.reject(new TypeError('fetch failed'))).createClient,
  })
  await assert.rejects(net.metadata(ID), code('NETWORK'))
  const player = fakeClient(() =>
    info({}, [fmt({ decipher: () => Promise.reject(new Error('Failed to extract signature decipher algorithm')) })]),
  )
  const blocked = createYouTubeSource({ client: 'ANDROID', createClient: player.createClient })
  await assert.rejects(blocked.download(ID, join(dir, 'x.part'), {}), code('SOURCE_BLOCKED'))
})

test('downloads in ranged chunks to the exact bytes, reporting progress to the total', async () => {
  const src = createYouTubeSource({
    client: 'ANDROID',
    createClient: fakeClient(() => info()).createClient,
    chunkBytes: 10_000,
  })
  const mark = fake.log().length
  const seen: number[] = []
  const dest = join(dir, 'chunks.part')
  const r = await src.download(ID, dest, {
    onProgress: (p) => (seen.push(p.receivedBytes), assert.equal(p.totalBytes, wav.length)),
  })
  assert.deepEqual(r, { ext: 'webm', bytes: wav.length })
  assert.deepEqual(await readFile(dest), wav)
  assert.deepEqual(
    fake
      .log()
      .slice(mark)
      .map((l) => l.start),
    [0, 10_000, 20_000, 30_000],
  )
  assert.equal(seen.at(-1), wav.length)
})

test('resumes from startByte: appends the rest to the partial file with a Range request from there', async () => {
  const src = createYouTubeSource({ client: 'ANDROID', createClient: fakeClient(() => info()).createClient })
  const dest = join(dir, 'resume.part')
  await writeFile(dest, wav.subarray(0, 12_345))
  const mark = fake.log().length
  const r = await src.download(ID, dest, { startByte: 12_345 })
  assert.equal(r.bytes, wav.length)
  assert.deepEqual(
    fake
      .log()
      .slice(mark)
      .map((l) => l.start),
    [12_345],
  )
  assert.deepEqual(await readFile(dest), wav)
})

test('a 403 from the media server is SOURCE_BLOCKED; a 503 is NETWORK', async () => {
  for (const [status, expected] of [
    [403, 'SOURCE_BLOCKED'],
    [503, 'NETWORK'],
  ] as const) {
    const src = createYouTubeSource({
      client: 'ANDROID',
      createClient: fakeClient(() => info()).createClient,
      fetch: async () => new Response(null, { status }),
    })
    await assert.rejects(src.download(ID, join(dir, `s${status}.part`), {}), code(expected))
  }
})

test('a body cut mid-stream is NETWORK (so the cache retries and resumes)', async () => {
  fake.failNext(ID, 5000)
  const src = createYouTubeSource({ client: 'ANDROID', createClient: fakeClient(() => info()).createClient })
  await assert.rejects(src.download(ID, join(dir, 'cut.part'), {}), code('NETWORK'))
})
