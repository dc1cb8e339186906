import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeAudio, decodeAudioStream, probeAudio, resolveFfmpegPath } from '../../src/audio/decode.ts'
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
