// The fallback AudioSource: the `yt-dlp` program (YTDLP_PATH or on PATH), used when YouTube blocks
// the library. Metadata from --dump-single-json, audio with -f bestaudio; spawn is injectable.
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { AppError, cancelled } from '../errors.ts'
import { classifyText } from './source-errors.ts'
import type { AudioSource, SourceMetadata } from './types.ts'
import { canonicalYouTubeUrl } from './youtube-url.ts'

export type SpawnFn = (command: string, args: string[]) => ChildProcess

export interface YtDlpOptions {
  /** The yt-dlp binary (see findYtDlp). */
  path: string
  /** Default: child_process.spawn with piped stdio. */
  spawn?: SpawnFn
}

/** YTDLP_PATH when executable, else `yt-dlp` found on PATH, else undefined. */
export function findYtDlp(configured?: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  const candidates = configured
    ? [configured]
    : pathEnv
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, 'yt-dlp'))
  return candidates.find((c) => {
    try {
      accessSync(c, constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

const PROGRESS = 'M2P-PROGRESS'

export function createYtDlpSource(o: YtDlpOptions): AudioSource {
  const spawn: SpawnFn = o.spawn ?? ((cmd, args) => nodeSpawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }))
  const common = ['--no-playlist', '--no-warnings', '--no-config', '--ignore-no-formats-error']

  return {
    name: 'yt-dlp',
    async metadata(id, signal): Promise<SourceMetadata> {
      const { stdout } = await run(
        spawn,
        o.path,
        [...common, '--dump-single-json', '--skip-download', '--', canonicalYouTubeUrl(id)],
        id,
        signal,
      )
      let j: YtDlpInfo
      try {
        j = JSON.parse(stdout) as YtDlpInfo
      } catch {
        throw new AppError('SOURCE_BLOCKED', `yt-dlp printed no readable metadata for ${id}`)
      }
      const formats = (j.formats ?? [])
        .filter((f) => f.acodec && f.acodec !== 'none' && (!f.vcodec || f.vcodec === 'none'))
        .map((f) => ({
          mimeType: `audio/${f.ext ?? 'unknown'}`,
          bitrate: Math.round((f.abr ?? 0) * 1000),
          contentLength: f.filesize ?? undefined,
          itag: Number(f.format_id) || undefined,
        }))
      return {
        videoId: id,
        title: j.title ?? id,
        author: j.uploader ?? j.channel ?? '',
        durationSec: j.duration ?? 0,
        isLive: j.is_live === true || j.live_status === 'is_live' || j.live_status === 'is_upcoming',
        thumbnail: j.thumbnail,
        formats,
      }
    },
    // yt-dlp cannot append to our partial file, so startByte is ignored: it always starts at 0.
    async download(id, destPath, opts) {
      const template = `${destPath}.ytdlp.%(ext)s`
      const args = [...common, '-f', 'bestaudio/best', '--no-part', '--newline', '--progress', '-o', template]
      args.push(
        '--progress-template',
        `download:${PROGRESS} %(progress.downloaded_bytes)s %(progress.total_bytes,progress.total_bytes_estimate)s`,
      )
      args.push('--print', 'after_move:filepath', '--', canonicalYouTubeUrl(id))
      let final: string | undefined
      try {
        const { stdout } = await run(spawn, o.path, args, id, opts.signal, (line) => {
          const m = new RegExp(`${PROGRESS} (\\d+) (\\d+|NA|None)`).exec(line)
          if (m) opts.onProgress?.({ receivedBytes: Number(m[1]), totalBytes: Number(m[2]) || 0 })
        })
        final = stdout
          .trim()
          .split('\n')
          .filter((l) => !l.includes(PROGRESS))
          .at(-1)
          ?.trim()
        if (!final || !final.startsWith(`${destPath}.ytdlp.`))
          throw new AppError('SOURCE_BLOCKED', `yt-dlp did not report the file it wrote for ${id}`)
        const ext = final.slice(`${destPath}.ytdlp.`.length)
        await rename(final, destPath)
        const { size } = await stat(destPath)
        return { ext, bytes: size }
      } catch (e) {
        if (final) await rm(final, { force: true })
        throw e
      }
    },
  }
}

interface YtDlpInfo {
  title?: string
  uploader?: string
  channel?: string
  duration?: number
  is_live?: boolean
  live_status?: string
  thumbnail?: string
  formats?: {
    format_id?: string
    ext?: string
    acodec?: string
    vcodec?: string
    abr?: number
    filesize?: number | null
  }[]
}

/** Runs yt-dlp; non-zero exit becomes the typed error its stderr describes (unknown -> SOURCE_BLOCKED). */
function run(
  spawn: SpawnFn,
  cmd: string,
  args: string[],
  id: string,
  signal?: AbortSignal,
  onLine?: (line: string) => void,
): Promise<{ stdout: string }> {
  if (signal?.aborted) return Promise.reject(cancelled('download'))
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args)
    let stdout = ''
    let stderr = ''
    let pending = ''
    const lines = (d: string) => {
      pending += d
      const parts = pending.split('\n')
      pending = parts.pop() ?? ''
      parts.forEach((l) => onLine?.(l))
    }
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
      lines(d)
    })
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-16384)
      lines(d)
    })
    const onAbort = () => child.kill('SIGTERM')
    signal?.addEventListener('abort', onAbort, { once: true })
    child.once('error', (e) => {
      signal?.removeEventListener('abort', onAbort)
      reject(new AppError('SOURCE_BLOCKED', `could not run yt-dlp (${cmd}): ${e.message}`, { cause: e }))
    })
    child.once('close', (code) => {
      signal?.removeEventListener('abort', onAbort)
      if (signal?.aborted) return reject(cancelled('download'))
      if (code === 0) return resolve({ stdout })
      const msg =
        stderr
          .split('\n')
          .filter((l) => /ERROR/.test(l))
          .join(' ') ||
        stderr.trim().split('\n').at(-1) ||
        `exit code ${code}`
      reject(classifyText(id, msg) ?? new AppError('SOURCE_BLOCKED', `yt-dlp failed for ${id}: ${msg.slice(0, 300)}`))
    })
  })
}
