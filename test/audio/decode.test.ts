import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  decodeAudio,
  decodeAudioStream,
  describeFfmpeg,
  probeAudio,
  resolveFfmpegPath,
} from '../../src/audio/decode.ts'
import { AppError } from '../../src/errors.ts'
import { encodeWav, sine, writeWav } from '../helpers/wav.ts'

let dir: string
let tone: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'm2p-decode-'))
  tone = join(dir, 'tone.wav')
  await writeWav(tone, sine(440, 3, 44100), 44100)
})
after(() => rm(dir, { recursive: true, force: true }))

/** Frequency of the strongest DFT bin near `guess`, refined by parabolic interpolation of log magnitudes. */
function peakHz(x: Float32Array, sr: number, lo: number, hi: number): number {
  const n = x.length
  const mag = (k: number) => {
    let re = 0
    let im = 0
    for (let i = 0; i < n; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)) // Hann
      re += x[i] * w * Math.cos((2 * Math.PI * k * i) / n)
      im -= x[i] * w * Math.sin((2 * Math.PI * k * i) / n)
    }
    return Math.log(Math.hypot(re, im) + 1e-12)
  }
  let best = 0
  let bestK = 0
  const mags = new Map<number, number>()
  for (let k = Math.floor((lo * n) / sr); k <= Math.ceil((hi * n) / sr); k++) {
    const m = mag(k)
    mags.set(k, m)
    if (m > best || bestK === 0) [best, bestK] = [m, k]
  }
  const a = mags.get(bestK - 1) ?? mag(bestK - 1)
  const c = mags.get(bestK + 1) ?? mag(bestK + 1)
  const delta = (0.5 * (a - c)) / (a - 2 * best + c)
  return ((bestK + delta) * sr) / n
}

test('decodes a generated 440 Hz WAV to mono 22050 Hz PCM at 440 +/- 1 Hz and 3.000 +/- 0.010 s', async () => {
  const pcm = await decodeAudio(tone, { ffmpegPath: resolveFfmpegPath() })
  assert.equal(pcm.sampleRate, 22050)
  const seconds = pcm.samples.length / pcm.sampleRate
  assert.ok(Math.abs(seconds - 3) <= 0.01, `duration ${seconds} s`)
  const hz = peakHz(pcm.samples.subarray(0, 8192), 22050, 400, 480)
  assert.ok(Math.abs(hz - 440) <= 1, `peak at ${hz} Hz`)
  let peak = 0
  for (const s of pcm.samples) peak = Math.max(peak, Math.abs(s))
  assert.ok(Math.abs(peak - 0.5) < 0.01, `amplitude ${peak}`)
})

test('zero crossings of the decoded tone agree: 880 per second within 2', async () => {
  const { samples, sampleRate } = await decodeAudio(tone, { sampleRate: 16000 })
  let crossings = 0
  for (let i = 1; i < samples.length; i++) if (samples[i - 1] < 0 !== samples[i] < 0) crossings++
  const perSec = crossings / (samples.length / sampleRate)
  assert.ok(Math.abs(perSec - 880) <= 2, `${perSec} crossings/s`)
})

test('maxSeconds stops decoding after that many seconds', async () => {
  const pcm = await decodeAudio(tone, { maxSeconds: 1.5 })
  assert.ok(Math.abs(pcm.samples.length / 22050 - 1.5) <= 0.01, String(pcm.samples.length))
})

test('the chunk stream carries split floats: chunks concatenate to the same samples as decodeAudio', async () => {
  const whole = await decodeAudio(tone, { sampleRate: 11025 })
  const chunks: Float32Array[] = []
  for await (const c of decodeAudioStream(tone, { sampleRate: 11025 })) chunks.push(c)
  const total = chunks.reduce((n, c) => n + c.length, 0)
  assert.equal(total, whole.samples.length)
  let at = 0
  for (const c of chunks) {
    for (let i = 0; i < c.length; i += 97) assert.equal(c[i], whole.samples[at + i])
    at += c.length
  }
})

test('probeAudio reads container, codec, rate, channels and duration from a WAV', async () => {
  const p = await probeAudio(tone)
  assert.equal(p.format, 'wav')
  assert.equal(p.codec, 'pcm_s16le')
  assert.equal(p.sampleRate, 44100)
  assert.equal(p.channels, 1)
  assert.ok(Math.abs(p.durationSec - 3) <= 0.01, String(p.durationSec))
})

test("a text file named .mp3 is INVALID_AUDIO for probe and decode, with ffmpeg's reason", async () => {
  const fake = join(dir, 'song.mp3')
  await writeFile(fake, 'this is not audio, just words\n'.repeat(20))
  await assert.rejects(
    probeAudio(fake),
    (e: unknown) => e instanceof AppError && e.code === 'INVALID_AUDIO' && /song\.mp3/.test(e.message),
  )
  await assert.rejects(decodeAudio(fake), (e: unknown) => e instanceof AppError && e.code === 'INVALID_AUDIO')
})

test('a missing file is AUDIO_NOT_FOUND', async () => {
  await assert.rejects(
    probeAudio(join(dir, 'nope.wav')),
    (e: unknown) => e instanceof AppError && e.code === 'AUDIO_NOT_FOUND',
  )
})

test('an already aborted signal cancels before ffmpeg starts; aborting mid-stream kills it', async () => {
  await assert.rejects(
    decodeAudio(tone, { signal: AbortSignal.abort() }),
    (e: unknown) => e instanceof AppError && e.code === 'CANCELLED',
  )
  const ac = new AbortController()
  const long = join(dir, 'long.wav')
  await writeFile(long, encodeWav(sine(220, 60, 44100), 44100))
  let got = 0
  await assert.rejects(
    (async () => {
      for await (const c of decodeAudioStream(long, { signal: ac.signal, sampleRate: 44100 })) {
        got += c.length
        ac.abort()
      }
    })(),
    (e: unknown) => e instanceof AppError && e.code === 'CANCELLED',
  )
  assert.ok(got > 0 && got < 60 * 44100, String(got))
})

test('resolveFfmpegPath refuses a configured path that is not executable with DECODE_FAILED', () => {
  assert.throws(
    () => resolveFfmpegPath('/nonexistent/ffmpeg'),
    (e: unknown) => e instanceof AppError && e.code === 'DECODE_FAILED' && /FFMPEG_PATH/.test(e.message),
  )
})

/** A local HTTP server that counts requests: any hit means ffmpeg followed a URL inside a file. */
async function countingServer() {
  const { createServer } = await import('node:http')
  let hits = 0
  const server = createServer((_req, res) => {
    hits++
    res.end(encodeWav(sine(440, 3, 8000), 8000))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return { url: `http://127.0.0.1:${port}/a.wav`, hits: () => hits, close: () => server.close() }
}

const code = (c: string) => (e: unknown) => e instanceof AppError && e.code === c

test('an HLS playlist naming a local WAV is UNSUPPORTED_MEDIA for probe and decode, and the same whether the path exists', async () => {
  const m3u8 = (entry: string) => `#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\n${entry}\n#EXT-X-ENDLIST\n`
  const real = join(dir, 'real.m3u8')
  const ghost = join(dir, 'ghost.m3u8')
  await writeFile(real, m3u8(tone))
  await writeFile(ghost, m3u8(join(dir, 'no-such-file.wav')))
  const errors: AppError[] = []
  for (const p of [real, ghost])
    await assert.rejects(probeAudio(p, { displayName: 'list.m3u8' }), (e: unknown) => {
      errors.push(e as AppError)
      return code('UNSUPPORTED_MEDIA')(e)
    })
  // No oracle: a playlist naming an existing file reads exactly like one naming nothing.
  assert.equal(errors[0].message, errors[1].message)
  assert.doesNotMatch(errors[0].message, /m2p-decode|tone\.wav/)
  await assert.rejects(decodeAudio(real), code('UNSUPPORTED_MEDIA'))
})

test('an HLS playlist naming an http:// URL is refused without ffmpeg ever requesting it (no SSRF)', async () => {
  const srv = await countingServer()
  try {
    const p = join(dir, 'remote.m3u8')
    await writeFile(p, `#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\n${srv.url}\n#EXT-X-ENDLIST\n`)
    await assert.rejects(probeAudio(p), code('UNSUPPORTED_MEDIA'))
    await assert.rejects(decodeAudio(p), code('UNSUPPORTED_MEDIA'))
    // A bare URL as the "path" is read as a file name, never fetched.
    await assert.rejects(probeAudio(srv.url), (e: unknown) => e instanceof AppError && e.status < 500)
    assert.equal(srv.hits(), 0)
  } finally {
    srv.close()
  }
})

test('an ffconcat list naming a local WAV is UNSUPPORTED_MEDIA (was a 500), for probe and decode', async () => {
  const p = join(dir, 'list.ffconcat')
  await writeFile(p, `ffconcat version 1.0\nfile '${tone}'\n`)
  await assert.rejects(probeAudio(p), code('UNSUPPORTED_MEDIA'))
  await assert.rejects(decodeAudio(p), code('UNSUPPORTED_MEDIA'))
})

/** 8-bit 8 kHz mono WAV of `seconds` of silence with a LIST/INFO chunk whose title (INAM) is `title`. */
function taggedWav(seconds: number, title: string): Buffer {
  const chunk = (id: string, body: Buffer) => {
    const h = Buffer.alloc(8)
    h.write(id, 0, 'ascii')
    h.writeUInt32LE(body.length, 4)
    return Buffer.concat([h, body, Buffer.alloc(body.length % 2)]) // RIFF chunks are word aligned
  }
  const fmt = Buffer.alloc(16)
  fmt.writeUInt16LE(1, 0) // PCM
  fmt.writeUInt16LE(1, 2) // mono
  fmt.writeUInt32LE(8000, 4)
  fmt.writeUInt32LE(8000, 8) // byte rate
  fmt.writeUInt16LE(1, 12) // block align
  fmt.writeUInt16LE(8, 14) // bits
  const info = Buffer.concat([Buffer.from('INFO'), chunk('INAM', Buffer.from(title + '\0', 'utf8'))])
  const body = Buffer.concat([
    Buffer.from('WAVE'),
    chunk('fmt ', fmt),
    chunk('LIST', info),
    chunk('data', Buffer.alloc(seconds * 8000, 128)),
  ])
  return chunk('RIFF', body)
}

test('a 25-minute WAV whose title tag injects "Duration: 00:00:10.00" probes as 1500 s, not 10 s', async () => {
  const p = join(dir, 'spoof.wav')
  await writeFile(p, taggedWav(1500, 'Song\n  Duration: 00:00:10.00, start: 0'))
  // The attack is real: ffmpeg's own header dump shows the fake duration before the true one.
  const { spawnSync } = await import('node:child_process')
  const dump = spawnSync(resolveFfmpegPath(), ['-hide_banner', '-i', p], { encoding: 'utf8' }).stderr
  assert.match(dump.split('Duration: ')[1], /^00:00:10\.00/)
  const probe = await probeAudio(p)
  assert.ok(Math.abs(probe.durationSec - 1500) < 0.01, String(probe.durationSec))
  assert.equal(probe.tags.title, 'Song\n  Duration: 00:00:10.00, start: 0')
})

test('a truncated MP3 whose header claims 30 s probes at its real 2.5 s (+/- 0.1)', async () => {
  const { spawnSync } = await import('node:child_process')
  const full = join(dir, 'full.mp3')
  const r = spawnSync(resolveFfmpegPath(), [
    ...['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=440:d=30'],
    ...['-ar', '44100', '-b:a', '128k', full],
  ])
  assert.equal(r.status, 0, String(r.stderr))
  const { readFile } = await import('node:fs/promises')
  const bytes = await readFile(full)
  const cut = join(dir, 'cut.mp3')
  await writeFile(cut, bytes.subarray(0, 40_000)) // 40 kB at 128 kb/s = 2.5 s
  const probe = await probeAudio(cut)
  assert.ok(Math.abs(probe.durationSec - 2.5) <= 0.1, String(probe.durationSec))
})

test('describeFfmpeg prefers the system ffmpeg on PATH over the bundled 2018 build and finds ffprobe', () => {
  const info = describeFfmpeg()
  assert.equal(info.source, 'PATH')
  assert.doesNotMatch(info.path, /node_modules/)
  assert.match(info.version, /^ffmpeg version /)
  assert.ok(info.ffprobePath?.endsWith('ffprobe'), String(info.ffprobePath))
})

/** ffmpeg/ffprobe processes (live or zombie) whose parent is this test process, from /proc. */
async function ffmpegChildren(): Promise<string[]> {
  const { readdir, readFile } = await import('node:fs/promises')
  const out: string[] = []
  for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
    const m = /^\d+ \((.*)\) (\S) (\d+)/.exec(stat)
    if (m && Number(m[3]) === process.pid && /ffmpeg|ffprobe/.test(m[1])) out.push(`${pid} ${m[1]} ${m[2]}`)
  }
  return out
}

test('aborting a decode or a probe leaves no ffmpeg child behind, live or zombie', async (t) => {
  if (process.platform !== 'linux') return t.skip('reads /proc')
  const long = join(dir, 'long-abort.wav')
  await writeFile(long, encodeWav(sine(220, 120, 44100), 44100))
  const ac = new AbortController()
  const running = (async () => {
    for await (const _ of decodeAudioStream(long, { signal: ac.signal, sampleRate: 44100 })) {
      if ((await ffmpegChildren()).length) ac.abort()
    }
  })()
  await assert.rejects(running, code('CANCELLED'))
  const probing = new AbortController()
  const probe = probeAudio(long, { signal: probing.signal })
  setTimeout(() => probing.abort(), 5)
  await assert.rejects(probe, code('CANCELLED'))
  let left = await ffmpegChildren()
  for (let i = 0; i < 50 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 20))
    left = await ffmpegChildren()
  }
  assert.deepEqual(left, [])
})

test('without ffprobe (ffmpeg alone on PATH) the probe still measures 1500 s for the spoofed WAV and refuses HLS', async () => {
  const { symlink, mkdir } = await import('node:fs/promises')
  const bin = join(dir, 'only-ffmpeg')
  await mkdir(bin, { recursive: true })
  const ffmpeg = join(bin, 'ffmpeg')
  await symlink(resolveFfmpegPath(), ffmpeg).catch(() => {})
  const savedPath = process.env.PATH
  process.env.PATH = bin
  try {
    assert.equal(describeFfmpeg(ffmpeg).ffprobePath, undefined)
    const spoof = join(dir, 'spoof2.wav')
    await writeFile(spoof, taggedWav(1500, 'Song\n  Duration: 00:00:10.00, start: 0'))
    const p = await probeAudio(spoof, { ffmpegPath: ffmpeg })
    assert.ok(Math.abs(p.durationSec - 1500) < 0.05, String(p.durationSec))
    assert.equal(p.codec, 'pcm_u8')
    const hls = join(dir, 'again.m3u8')
    await writeFile(hls, `#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\n${tone}\n#EXT-X-ENDLIST\n`)
    await assert.rejects(probeAudio(hls, { ffmpegPath: ffmpeg }), code('UNSUPPORTED_MEDIA'))
  } finally {
    process.env.PATH = savedPath
  }
})
