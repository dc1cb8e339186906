// The only module that runs ffmpeg: finds the binary, probes a file (is it audio? how long?), and
// decodes any audio file to mono Float32 PCM streamed from `-f f32le pipe:1`, whole or in chunks.
import { execFileSync, spawn } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join } from 'node:path'
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

/**
 * Demuxers ffmpeg may use on user files: mp3, wav, ogg/opus, flac, mp4/m4a (mov), raw aac, webm/matroska.
 * Anything else (hls, concat, image2, tty, ...) is refused before its header is read: playlist demuxers
 * would otherwise open the paths and URLs the file names.
 */
export const ALLOWED_DEMUXERS = 'mp3,wav,ogg,flac,mov,aac,matroska'
/** Only local files and pipes: no http, tcp, concat: or crypto: from inside a container. */
const INPUT_GUARD = ['-format_whitelist', ALLOWED_DEMUXERS, '-protocol_whitelist', 'file,pipe']
const ACCEPTED = 'MP3, WAV, Ogg/Opus, FLAC, MP4/M4A/AAC or WebM/Matroska'

/** Which ffmpeg runs, for the start-up log and /readyz. */
export interface FfmpegInfo {
  path: string
  /** FFMPEG_PATH, the system one on PATH, or the npm-bundled (old, 2018) static build. */
  source: 'FFMPEG_PATH' | 'PATH' | 'bundled'
  /** First line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.9-0+deb12u1". */
  version: string
  /** ffprobe beside ffmpeg or on PATH; without it durations come from a demux pass only. */
  ffprobePath?: string
}

let resolved: { path: string; source: FfmpegInfo['source'] } | undefined

/**
 * The ffmpeg binary to run: `configured` (FFMPEG_PATH) when given, else `ffmpeg` on PATH (the system
 * build, preferred), else the binary shipped in the optional npm package @ffmpeg-installer/ffmpeg.
 * Throws DECODE_FAILED if none.
 */
export function resolveFfmpegPath(configured?: string): string {
  return locateFfmpeg(configured).path
}

function locateFfmpeg(configured?: string): { path: string; source: FfmpegInfo['source'] } {
  if (configured) {
    if (!isExecutable(configured))
      throw new AppError('DECODE_FAILED', `FFMPEG_PATH points to "${configured}", which is not an executable file`)
    return { path: configured, source: 'FFMPEG_PATH' }
  }
  if (resolved) return resolved
  const onPath = findOnPath('ffmpeg')
  if (onPath) return (resolved = { path: onPath, source: 'PATH' })
  try {
    const shipped = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path
    if (isExecutable(shipped)) return (resolved = { path: shipped, source: 'bundled' })
  } catch {
    // optional dependency not installed for this platform: fall through to the error
  }
  throw new AppError(
    'DECODE_FAILED',
    'no ffmpeg found: install ffmpeg, set FFMPEG_PATH, or reinstall so the optional @ffmpeg-installer/ffmpeg package is present',
  )
}

/** ffprobe next to the ffmpeg in use, else on PATH; undefined when there is none. */
export function resolveFfprobePath(ffmpegPath?: string): string | undefined {
  const beside = join(dirname(resolveFfmpegPath(ffmpegPath)), 'ffprobe')
  return isExecutable(beside) ? beside : findOnPath('ffprobe')
}

/** Resolves ffmpeg and ffprobe and reads ffmpeg's version line (runs `ffmpeg -version` once, ~20 ms). */
export function describeFfmpeg(configured?: string): FfmpegInfo {
  const { path, source } = locateFfmpeg(configured)
  let version = 'unknown'
  try {
    const out = execFileSync(path, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 10_000 })
    version = out
      .split('\n')[0]
      .replace(/\s+Copyright.*$/, '')
      .trim()
  } catch {
    // leave "unknown": a broken binary shows up on the first probe with a typed error
  }
  return { path, source, version, ffprobePath: resolveFfprobePath(configured) }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name)
    if (isExecutable(candidate)) return candidate
  }
  return undefined
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

export interface ProbeOptions extends FfmpegOptions {
  /** Name shown in error messages instead of the path (the uploader's file name). */
  displayName?: string
  /** Stop measuring a little past this many seconds: longer files are too long anyway. */
  maxSeconds?: number
}

/**
 * Reads container, codec, rate, channels, duration and tags. Only ALLOWED_DEMUXERS are opened: other
 * formats (playlists, concat lists, images) -> UNSUPPORTED_MEDIA before any header is read; broken
 * audio -> INVALID_AUDIO; audio-less media -> UNSUPPORTED_MEDIA. The duration is measured by demuxing
 * the packets (no decoding), never read from text a file can inject (tags in ffmpeg's stderr).
 */
export async function probeAudio(path: string, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const name = opts.displayName ?? baseName(path)
  const ffprobe = resolveFfprobePath(opts.ffmpegPath)
  const head = ffprobe ? await probeJson(ffprobe, path, name, opts) : await probeStderr(path, name, opts)
  if (!head.codec) throw new AppError('UNSUPPORTED_MEDIA', `"${name}" has no audio stream`)
  const measured = await measureSeconds(path, name, opts)
  // The header is more precise when it agrees; a header that disagrees (truncated file, lying tag) loses.
  // Measuring stopped at the cap: the file is too long either way, so a longer header may name its length.
  const capped = opts.maxSeconds !== undefined && measured > opts.maxSeconds
  const agrees = head.durationSec > 0 && Math.abs(head.durationSec - measured) <= 0.5
  const durationSec = agrees || (capped && head.durationSec > measured) ? head.durationSec : measured
  if (!(durationSec > 0)) throw new AppError('INVALID_AUDIO', `"${name}" holds no audible duration`)
  return { ...head, durationSec }
}

type Header = Omit<ProbeResult, 'durationSec'> & { durationSec: number }

interface FfprobeJson {
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> }
  streams?: { codec_name?: string; sample_rate?: string; channels?: number; tags?: Record<string, string> }[]
}

/** ffprobe's JSON: tag values are JSON strings, so a newline in a title cannot fake another field. */
async function probeJson(ffprobe: string, path: string, name: string, opts: FfmpegOptions): Promise<Header> {
  const args = ['-v', 'error', '-hide_banner', ...INPUT_GUARD, '-print_format', 'json', '-show_format']
  args.push('-show_streams', '-select_streams', 'a:0', '-i', fileUrl(path))
  const run = await runTool(ffprobe, args, opts, true)
  if (run.code !== 0 || /\S/.test(run.stderr)) {
    // ffprobe prints "{}" and exits 0 on some failures: its stderr is the verdict.
    if (run.code !== 0 || !/"streams"/.test(run.stdout)) throw classifyFailure(name, run.stderr)
  }
  let j: FfprobeJson
  try {
    j = JSON.parse(run.stdout) as FfprobeJson
  } catch (e) {
    throw new AppError('DECODE_FAILED', `could not read ffprobe's answer for "${name}"`, { cause: e })
  }
  if (!j.format) throw classifyFailure(name, run.stderr)
  const a = j.streams?.[0]
  const tags: Record<string, string> = {}
  for (const [k, v] of Object.entries({ ...a?.tags, ...j.format.tags })) tags[k.toLowerCase()] = String(v).trim()
  return {
    format: j.format.format_name ?? '',
    durationSec: Number(j.format.duration) || 0,
    codec: a?.codec_name ?? '',
    sampleRate: Number(a?.sample_rate) || 0,
    channels: a?.channels || 1,
    tags,
  }
}

/** Without ffprobe: codec and rate from ffmpeg's header dump. Its duration and tags are not trusted. */
async function probeStderr(path: string, name: string, opts: FfmpegOptions): Promise<Header> {
  const args = ['-hide_banner', '-nostdin', ...INPUT_GUARD, '-i', fileUrl(path)]
  const run = await runFfmpeg([...args, '-map', '0:a:0', '-t', '0', '-f', 'null', '-'], opts)
  if (run.code !== 0) throw classifyFailure(name, run.stderr)
  const format = /Input #0, ([^,\n]+(?:,[^ ,\n]+)*), from/.exec(run.stderr)?.[1] ?? ''
  const a = /^\s*Stream #0:\d+[^:\n]*: Audio: ([A-Za-z0-9_]+)[^\n]*?, (\d+) Hz, ([^,\n]+)/m.exec(run.stderr)
  const layout = a?.[3].trim() ?? ''
  const channels = layout === 'mono' ? 1 : layout === 'stereo' ? 2 : Number(/(\d+) channels/.exec(layout)?.[1] ?? 1)
  return { format, durationSec: 0, codec: a?.[1] ?? '', sampleRate: a ? Number(a[2]) : 0, channels, tags: {} }
}

/**
 * Seconds of audio the file really holds: the first audio stream is demuxed (stream copy, no decoding)
 * and ffmpeg's own `-progress` report gives the end time. A truncated MP3 whose header claims 30 s
 * measures what is there; a tag saying "Duration: 00:00:10" changes nothing.
 */
async function measureSeconds(path: string, name: string, opts: ProbeOptions): Promise<number> {
  const args = ['-hide_banner', '-nostdin', '-v', 'error', ...INPUT_GUARD, '-i', fileUrl(path), '-map', '0:a:0']
  if (opts.maxSeconds !== undefined) args.push('-t', String(opts.maxSeconds + 1))
  args.push('-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-nostats', '-')
  const run = await runTool(resolveFfmpegPath(opts.ffmpegPath), args, opts, true)
  if (run.code !== 0) throw classifyFailure(name, run.stderr)
  const us = [...run.stdout.matchAll(/^out_time_us=(\d+)$/gm)].at(-1)?.[1]
  return us ? Number(us) / 1e6 : 0
}

/** `file:` prefix: a path can never be read as another protocol ("http:...", "concat:..."). */
const fileUrl = (path: string) => `file:${path}`

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
    ...INPUT_GUARD,
    '-i',
    fileUrl(path),
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
    if (code !== 0) throw classifyFailure(baseName(path), stderr)
  } finally {
    opts.signal?.removeEventListener('abort', onAbort)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}

interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

const runFfmpeg = (args: string[], opts: FfmpegOptions) =>
  runTool(resolveFfmpegPath(opts.ffmpegPath), args, opts, false)

/** Runs ffmpeg or ffprobe to the end; an abort kills it (SIGKILL) so no child outlives its job. */
async function runTool(bin: string, args: string[], opts: FfmpegOptions, captureStdout: boolean): Promise<RunResult> {
  throwIfCancelled(opts.signal)
  const child = spawn(bin, args, { stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8')
  // ffprobe's JSON is small; progress reports repeat: keep the tail past 1 MB.
  child.stdout?.on('data', (d: string) => (stdout = stdout.length < 1 << 20 ? stdout + d : stdout.slice(-65536) + d))
  child.stderr?.setEncoding('utf8')
  child.stderr?.on(
    'data',
    (d: string) => (stderr = stderr.length < 65536 ? stderr + d : stderr.slice(0, 16384) + d.slice(-16384)),
  )
  const onAbort = () => child.kill('SIGKILL')
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (e) =>
        reject(new AppError('DECODE_FAILED', `could not start ${baseName(bin)}: ${e.message}`, { cause: e })),
      )
      child.once('close', resolve)
    })
    throwIfCancelled(opts.signal)
    return { code, stdout, stderr }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}

/** What ffmpeg says about a file that is not readable audio. */
const UNREADABLE = new RegExp(
  [
    'Invalid data found',
    'could not find codec',
    'moov atom not found',
    'Header missing',
    'EBML header',
    'Failed to read frame size',
    'unknown format',
    'End of file',
    'Invalid argument',
  ].join('|'),
  'i',
)

/**
 * Turns ffmpeg's stderr into the right typed error. The message is plain words with the file's name;
 * ffmpeg's own lines (server paths, stream dumps) go only into `cause`, which is logged, never sent.
 */
function classifyFailure(name: string, stderr: string): AppError {
  const tail = stderr.trim().split('\n').slice(-6).join('\n')
  const cause = new Error(`ffmpeg: ${tail}`)
  if (/not on whitelist/i.test(stderr))
    return new AppError('UNSUPPORTED_MEDIA', `"${name}" is not an audio format we accept; send ${ACCEPTED}`, { cause })
  if (/No such file or directory/i.test(stderr))
    return new AppError('AUDIO_NOT_FOUND', `audio file "${name}" does not exist`, { cause })
  if (/matches no streams|does not contain any stream|Output file #0 does not contain/i.test(stderr))
    return new AppError('UNSUPPORTED_MEDIA', `"${name}" has no audio stream`, { cause })
  if (UNREADABLE.test(stderr))
    return new AppError('INVALID_AUDIO', `"${name}" is not a readable audio file (${ACCEPTED})`, { cause })
  return new AppError('DECODE_FAILED', `ffmpeg could not decode "${name}"`, { cause })
}

const baseName = (p: string) => p.split(/[\\/]/).at(-1) ?? p

function throwIfCancelled(signal?: AbortSignal) {
  if (signal?.aborted) throw cancelled('decoding')
}
