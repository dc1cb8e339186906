// The only module that runs ffmpeg: finds the binary, probes a file (is it audio? how long?), and
// decodes any audio file to mono Float32 PCM streamed from `-f f32le pipe:1`, whole or in chunks.
import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, join } from 'node:path'
import { AppError, cancelled } from '../errors.ts'
import type { Pcm } from './types.ts'

export interface FfmpegOptions {
  /** Explicit binary (FFMPEG_PATH); otherwise resolved by resolveFfmpegPath(). */
  ffmpegPath?: string
  signal?: AbortSignal
}

export interface ProbeResult {
  /** Seconds, > 0. */
  durationSec: number
  /** Audio codec name as ffmpeg calls it ("pcm_s16le", "mp3", "opus"). */
  codec: string
  /** Container format as ffmpeg calls it ("wav", "mp3", "ogg", "matroska,webm"). */
  format: string
  /** Hz of the first audio stream. */
  sampleRate: number
  channels: number
  /** Container tags, keys lower-cased (title, artist, ...). */
  tags: Record<string, string>
}

export interface DecodeOptions extends FfmpegOptions {
  /** Output rate in Hz, 8000-192000; default 22050. */
  sampleRate?: number
  /** Decode at most this many seconds from the start. */
  maxSeconds?: number
}

let resolved: string | undefined

/**
 * The ffmpeg binary to run: `configured` (FFMPEG_PATH) when given, else `ffmpeg` on PATH, else the
 * binary shipped in the optional npm package @ffmpeg-installer/ffmpeg. Throws DECODE_FAILED if none.
 */
export function resolveFfmpegPath(configured?: string): string {
  if (configured) {
    if (!isExecutable(configured))
      throw new AppError('DECODE_FAILED', `FFMPEG_PATH points to "${configured}", which is not an executable file`)
    return configured
  }
  if (resolved) return resolved
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'ffmpeg')
    if (isExecutable(candidate)) return (resolved = candidate)
  }
  try {
    const shipped = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path
    if (isExecutable(shipped)) return (resolved = shipped)
  } catch {
    // optional dependency not installed for this platform: fall through to the error
  }
  throw new AppError(
    'DECODE_FAILED',
    'no ffmpeg found: install ffmpeg, set FFMPEG_PATH, or reinstall so the optional @ffmpeg-installer/ffmpeg package is present',
  )
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Reads container, codec, rate, channels, duration and tags. Not audio -> INVALID_AUDIO; audio-less media -> UNSUPPORTED_MEDIA. */
export async function probeAudio(path: string, opts: FfmpegOptions = {}): Promise<ProbeResult> {
  // `-t 0 -f null -` makes ffmpeg open the input and its audio decoder, then stop: a real check
  // without decoding the file. There may be no ffprobe, so the header on stderr is parsed.
  const run = await runFfmpeg(
    ['-hide_banner', '-nostdin', '-i', path, '-map', '0:a:0', '-t', '0', '-f', 'null', '-'],
    opts,
  )
  if (run.code !== 0) throw classifyFailure(path, run.stderr)
  const head = parseHeader(run.stderr)
  if (!head.codec) throw new AppError('UNSUPPORTED_MEDIA', `"${baseName(path)}" has no audio stream`)
  let durationSec = head.durationSec
  if (!(durationSec > 0)) {
    // Streams without a duration in the header (raw ADTS, some Ogg): count by decoding.
    const full = await runFfmpeg(['-hide_banner', '-nostdin', '-i', path, '-map', '0:a:0', '-f', 'null', '-'], opts)
    if (full.code !== 0) throw classifyFailure(path, full.stderr)
    const times = [...full.stderr.matchAll(/time=(\d+):(\d+):(\d+(?:\.\d+)?)/g)]
    const last = times.at(-1)
    durationSec = last ? +last[1] * 3600 + +last[2] * 60 + +last[3] : 0
  }
  if (!(durationSec > 0)) throw new AppError('INVALID_AUDIO', `"${baseName(path)}" holds no audible duration`)
  return {
    durationSec,
    codec: head.codec,
    format: head.format,
    sampleRate: head.sampleRate,
    channels: head.channels,
    tags: head.tags,
  }
}

/** Decodes the whole file to mono Float32 PCM in [-1, 1] at `sampleRate` (default 22050 Hz). */
export async function decodeAudio(path: string, opts: DecodeOptions = {}): Promise<Pcm> {
  const sampleRate = opts.sampleRate ?? 22050
  const parts: Float32Array[] = []
  let total = 0
  for await (const chunk of decodeAudioStream(path, opts)) {
    parts.push(chunk)
    total += chunk.length
  }
  if (total === 0) throw new AppError('INVALID_AUDIO', `"${baseName(path)}" decoded to no audio samples`)
  const samples = new Float32Array(total)
  let at = 0
  for (const p of parts) {
    samples.set(p, at)
    at += p.length
  }
  return { samples, sampleRate }
}

/**
 * Streams mono Float32 chunks as ffmpeg produces them (sizes vary; a float split across pipe reads
 * is carried to the next chunk). Breaking out of the loop or aborting kills ffmpeg.
 */
export async function* decodeAudioStream(path: string, opts: DecodeOptions = {}): AsyncGenerator<Float32Array> {
  const sampleRate = opts.sampleRate ?? 22050
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192000)
    throw new AppError('INVALID_INPUT', `sample rate must be an integer 8000-192000 Hz, got ${sampleRate}`)
  throwIfCancelled(opts.signal)
  const args = [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-i',
    path,
    '-map',
    '0:a:0',
    '-vn',
    '-ac',
    '1',
    '-ar',
    String(sampleRate),
  ]
  if (opts.maxSeconds !== undefined) args.push('-t', String(opts.maxSeconds))
  args.push('-f', 'f32le', 'pipe:1')
  const child = spawn(resolveFfmpegPath(opts.ffmpegPath), args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (d: string) => (stderr = (stderr + d).slice(-8192)))
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }))
    child.once('close', (code) => resolve({ code }))
  })
  const onAbort = () => child.kill('SIGKILL')
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  let carry: Buffer | undefined
  try {
    for await (const data of child.stdout as AsyncIterable<Buffer>) {
      const buf = carry ? Buffer.concat([carry, data]) : data
      const whole = buf.length - (buf.length % 4)
      carry = whole < buf.length ? Buffer.from(buf.subarray(whole)) : undefined
      if (whole === 0) continue
      // Copy into a fresh, 4-byte aligned buffer: pipe chunks start at arbitrary offsets.
      const out = new Float32Array(whole / 4)
      new Uint8Array(out.buffer).set(buf.subarray(0, whole))
      yield out
    }
    const { code, error } = await exited
    throwIfCancelled(opts.signal)
    if (error) throw new AppError('DECODE_FAILED', `could not start ffmpeg: ${error.message}`, { cause: error })
    if (code !== 0) throw classifyFailure(path, stderr)
  } finally {
    opts.signal?.removeEventListener('abort', onAbort)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}

interface RunResult {
  code: number | null
  stderr: string
}

async function runFfmpeg(args: string[], opts: FfmpegOptions): Promise<RunResult> {
  throwIfCancelled(opts.signal)
  const child = spawn(resolveFfmpegPath(opts.ffmpegPath), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on(
    'data',
    (d: string) => (stderr = stderr.length < 65536 ? stderr + d : stderr.slice(0, 16384) + d.slice(-16384)),
  )
  const onAbort = () => child.kill('SIGKILL')
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (e) =>
        reject(new AppError('DECODE_FAILED', `could not start ffmpeg: ${e.message}`, { cause: e })),
      )
      child.once('close', resolve)
    })
    throwIfCancelled(opts.signal)
    return { code, stderr }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort)
  }
}

function parseHeader(stderr: string) {
  const format = /Input #0, ([^,]+(?:,[^ ,]+)*), from/.exec(stderr)?.[1] ?? ''
  const d = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr)
  const durationSec = d ? +d[1] * 3600 + +d[2] * 60 + +d[3] : 0
  // e.g. "Stream #0:0: Audio: pcm_s16le ([1][0][0][0] / 0x0001), 22050 Hz, mono, s16, 352 kb/s"
  const a = /Stream #\d+:\d+[^:]*: Audio: ([A-Za-z0-9_]+)[^\n]*?, (\d+) Hz, ([^,\n]+)/.exec(stderr)
  const layout = a?.[3].trim() ?? ''
  const channels =
    layout === 'mono'
      ? 1
      : layout === 'stereo'
        ? 2
        : Number(/(\d+)(?: channels|\.\d)/.exec(layout)?.[1] ?? 0) + (/\.1/.test(layout) ? 1 : 0)
  const tags: Record<string, string> = {}
  const meta = /Input #0[\s\S]*?Metadata:\n([\s\S]*?)\n\s{2}Duration/.exec(stderr)?.[1] ?? ''
  for (const m of meta.matchAll(/^\s+([A-Za-z0-9_-]+)\s*: (.*)$/gm)) tags[m[1].toLowerCase()] = m[2].trim()
  return { format, durationSec, codec: a?.[1] ?? '', sampleRate: a ? Number(a[2]) : 0, channels: channels || 1, tags }
}

/** Turns ffmpeg's stderr into the right typed error, keeping its last lines for the logs. */
function classifyFailure(path: string, stderr: string): AppError {
  const tail = stderr.trim().split('\n').slice(-6).join('\n')
  const name = baseName(path)
  if (/No such file or directory/i.test(stderr))
    return new AppError('AUDIO_NOT_FOUND', `audio file "${name}" does not exist`, { details: tail })
  if (/matches no streams|does not contain any stream|Output file #0 does not contain/i.test(stderr))
    return new AppError('UNSUPPORTED_MEDIA', `"${name}" has no audio stream`, { details: tail })
  if (
    /Invalid data found|could not find codec|moov atom not found|Header missing|EBML header|Failed to read frame size|unknown format|End of file|Invalid argument/i.test(
      stderr,
    )
  )
    return new AppError('INVALID_AUDIO', `"${name}" is not a readable audio file (ffmpeg: ${lastLine(tail)})`, {
      details: tail,
    })
  return new AppError('DECODE_FAILED', `ffmpeg could not decode "${name}": ${lastLine(tail)}`, { details: tail })
}

const lastLine = (s: string) =>
  s
    .split('\n')
    .at(-1)
    ?.replace(/^.*?: /, '')
    .slice(0, 200) ?? 'unknown error'
const baseName = (p: string) => p.split(/[\\/]/).at(-1) ?? p

function throwIfCancelled(signal?: AbortSignal) {
  if (signal?.aborted) throw cancelled('decoding')
}
