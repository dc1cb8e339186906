// The audio cache under <dataDir>/audio: one file per video ID or upload hash plus a JSON sidecar
// written last (no sidecar = not complete). Single-flight downloads, a download limit, resume after
// a dropped connection, LRU eviction by size and TTL. A hit touches no source at all.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { probeAudio } from '../audio/decode.ts'
import { asDiskFull } from '../disk.ts'
import { AppError, cancelled, isAbort } from '../errors.ts'
import { silentLogger, type Logger } from '../logger.ts'
import { formatDuration } from '../format/duration.ts'
import { createLimiter, type Limiter } from './limiter.ts'
import { withRetry, type RetryOptions } from './retry.ts'
import { titleFromFileName } from './title-from-file.ts'
import type { AudioSource, FetchProgress, Track, TrackMeta, TrackSourceKind } from './types.ts'
import { canonicalYouTubeUrl, VIDEO_ID_RE } from './youtube-url.ts'

export interface AudioCacheOptions {
  /** Folder of the cache, usually <dataDir>/audio. */
  dir: string
  source: AudioSource
  /** Size cap in bytes over all entries. */
  maxBytes: number
  /** An entry unused for this many ms is dropped. */
  ttlMs: number
  /** Longest track accepted, seconds (checked from metadata before downloading). */
  maxTrackSeconds: number
  /** Shortest upload or local file accepted, seconds of decodable audio (default 0: no minimum). */
  minTrackSeconds?: number
  /** Largest upload accepted, bytes. */
  uploadMaxBytes: number
  /** Downloads running at once, >= 1. */
  maxConcurrentDownloads: number
  ffmpegPath?: string
  logger?: Logger
  /** Backoff for NETWORK failures (tests shorten it). */
  retry?: Pick<RetryOptions, 'attempts' | 'baseMs' | 'maxMs'>
  /** Clock in ms (tests move it to expire entries). */
  now?: () => number
}

export interface GetOptions {
  signal?: AbortSignal
  onProgress?: (p: FetchProgress) => void
}

interface Entry {
  audioId: string
  /** File name inside the cache folder. */
  file: string
  bytes: number
  meta: TrackMeta
  lastUsed: number
}

interface Flight {
  promise: Promise<Track>
  controller: AbortController
  waiters: number
  listeners: Set<(p: FetchProgress) => void>
}

/** Audio IDs of uploads and local files: "up_" + the first 16 hex digits of the content's SHA-256. */
export const UPLOAD_ID_RE = /^up_[0-9a-f]{16}$/

export class AudioCache {
  private readonly entries = new Map<string, Entry>()
  private readonly flights = new Map<string, Flight>()
  /** IDs whose .part this process wrote: only those may be resumed. */
  private readonly resumable = new Set<string>()
  private readonly limiter: Limiter
  private readonly log: Logger
  private readonly now: () => number

  constructor(private readonly o: AudioCacheOptions) {
    this.limiter = createLimiter(o.maxConcurrentDownloads)
    this.log = o.logger ?? silentLogger
    this.now = o.now ?? Date.now
  }

  /** Creates the folder, deletes leftovers of dead processes (.part, unfinished sidecars, audio without sidecar), loads the index, evicts. */
  async init(): Promise<void> {
    await mkdir(this.o.dir, { recursive: true })
    const names = await readdir(this.o.dir)
    const owned = new Set<string>()
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const entry = await this.readSidecar(name)
      if (entry) {
        this.entries.set(entry.audioId, entry)
        owned.add(entry.file).add(name)
      } else await rm(join(this.o.dir, name), { force: true })
    }
    for (const name of names) {
      if (owned.has(name) || name.endsWith('.json')) continue
      const pid = /\.(\d+)\.part$/.exec(name)?.[1]
      if (pid && Number(pid) !== process.pid && isAlive(Number(pid))) continue // another live process is downloading it
      if (pid && Number(pid) === process.pid && this.flights.size) continue
      this.log.info({ file: name }, 'removing incomplete cache file')
      await rm(join(this.o.dir, name), { force: true })
    }
    await this.evict()
  }

  /** The cached track for a video ID or upload ID, touching it; undefined when absent or expired. No I/O beyond a touch. */
  lookup(audioId: string): Track | undefined {
    const e = this.entries.get(audioId)
    if (!e) return undefined
    if (this.now() - e.lastUsed > this.o.ttlMs) {
      void this.remove(e)
      return undefined
    }
    e.lastUsed = this.now()
    const t = new Date(e.lastUsed)
    utimes(this.sidecarPath(audioId), t, t).catch(() => {})
    return { audioId, path: join(this.o.dir, e.file), meta: e.meta, cached: true }
  }

  /** The track of a YouTube video: from the cache, or downloaded once however many callers ask at the same time. */
  async get(videoId: string, opts: GetOptions = {}): Promise<Track> {
    if (!VIDEO_ID_RE.test(videoId))
      throw new AppError('INVALID_URL', `"${videoId.slice(0, 40)}" is not an 11-character video ID`)
    if (opts.signal?.aborted) throw cancelled('download')
    const hit = this.lookup(videoId)
    if (hit) return hit
    return this.join(videoId, opts, (signal, progress) => this.download(videoId, signal, progress))
  }

  /** Stores an uploaded file (left in place for the caller to delete) by content hash, after probing it is audio. */
  putUpload(tmpPath: string, originalName?: string): Promise<Track> {
    return this.storeLocal(tmpPath, 'upload', originalName, true)
  }

  /** Stores a local file for the CLI (`mus2pic fetch ./song.mp3`), validated like an upload but without the upload byte cap. */
  addLocalFile(path: string): Promise<Track> {
    return this.storeLocal(path, 'file', basename(path), false)
  }

  /** Total bytes held. */
  get totalBytes(): number {
    let n = 0
    for (const e of this.entries.values()) n += e.bytes
    return n
  }

  /** Drops expired entries, then least recently used ones until under the size cap; `keep` is never dropped. */
  async evict(keep?: string): Promise<string[]> {
    const removed: string[] = []
    const now = this.now()
    for (const e of [...this.entries.values()])
      if (now - e.lastUsed > this.o.ttlMs && e.audioId !== keep) removed.push(await this.remove(e))
    let total = this.totalBytes
    for (const e of [...this.entries.values()].sort((a, b) => a.lastUsed - b.lastUsed)) {
      if (total <= this.o.maxBytes) break
      if (e.audioId === keep) continue
      total -= e.bytes
      removed.push(await this.remove(e))
    }
    if (removed.length) this.log.info({ removed, totalBytes: this.totalBytes }, 'evicted cached audio')
    return removed
  }

  private async join(
    id: string,
    opts: GetOptions,
    work: (signal: AbortSignal, progress: (p: FetchProgress) => void) => Promise<Track>,
  ): Promise<Track> {
    let flight = this.flights.get(id)
    if (!flight) {
      const controller = new AbortController()
      const listeners = new Set<(p: FetchProgress) => void>()
      const f: Flight = { controller, listeners, waiters: 0, promise: undefined as unknown as Promise<Track> }
      f.promise = work(controller.signal, (p) => listeners.forEach((l) => l(p))).finally(() => this.flights.delete(id))
      f.promise.catch(() => {}) // waiters that left early must not leave an unhandled rejection
      this.flights.set(id, (flight = f))
    }
    const f = flight
    f.waiters++
    if (opts.onProgress) f.listeners.add(opts.onProgress)
    try {
      return await raceAbort(f.promise, opts.signal)
    } finally {
      f.waiters--
      if (opts.onProgress) f.listeners.delete(opts.onProgress)
      // The shared download stops only when every caller has gone.
      if (f.waiters === 0 && opts.signal?.aborted) f.controller.abort()
    }
  }

  private async download(id: string, signal: AbortSignal, progress: (p: FetchProgress) => void): Promise<Track> {
    const release = await this.limiter.acquire(signal)
    const part = join(this.o.dir, `${id}.${process.pid}.part`)
    try {
      const retry = {
        ...this.o.retry,
        signal,
        onRetry: (e: unknown, attempt: number, waitMs: number) =>
          this.log.warn({ id, attempt, waitMs, err: (e as Error).message }, 'retrying'),
      }
      const meta = await withRetry(() => this.o.source.metadata(id, signal), retry)
      if (meta.isLive)
        throw new AppError('VIDEO_LIVE', `video ${id} is a live stream; only finished videos can be used`)
      if (meta.durationSec > this.o.maxTrackSeconds)
        throw new AppError(
          'TRACK_TOO_LONG',
          `video ${id} lasts ${formatDuration(meta.durationSec)}; the limit is ${formatDuration(this.o.maxTrackSeconds)}`,
        )
      const { ext } = await withRetry(async () => {
        // Resume only our own partial file of this ID; anything else starts from byte 0.
        const startByte = this.resumable.has(id) ? await sizeOf(part) : 0
        this.resumable.add(id)
        if (startByte) this.log.info({ id, startByte }, 'resuming download')
        return this.o.source.download(id, part, { startByte, signal, onProgress: progress })
      }, retry)
      const bytes = await sizeOf(part)
      if (!bytes) throw new AppError('NETWORK', `the download of video ${id} came back empty`)
      const entry: Entry = {
        audioId: id,
        file: `${id}.${safeExt(ext)}`,
        bytes,
        lastUsed: this.now(),
        meta: {
          title: meta.title,
          author: meta.author,
          durationSec: meta.durationSec,
          source: 'youtube',
          url: canonicalYouTubeUrl(id),
          thumbnail: meta.thumbnail,
          fetchedAt: new Date(this.now()).toISOString(),
        },
      }
      await this.commit(part, entry)
      this.resumable.delete(id)
      return { audioId: id, path: join(this.o.dir, entry.file), meta: entry.meta, cached: false }
    } catch (e) {
      if (signal.aborted || isAbort(e)) {
        this.resumable.delete(id)
        await rm(part, { force: true })
        throw cancelled('download')
      }
      throw e
    } finally {
      release()
    }
  }

  private async storeLocal(
    path: string,
    source: TrackSourceKind,
    originalName: string | undefined,
    capBytes: boolean,
  ): Promise<Track> {
    const st = await stat(path).catch(() => undefined)
    if (!st?.isFile()) throw new AppError('AUDIO_NOT_FOUND', `no audio file at "${originalName ?? basename(path)}"`)
    if (st.size === 0) throw new AppError('INVALID_AUDIO', 'the file is empty')
    if (capBytes && st.size > this.o.uploadMaxBytes)
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `uploads are limited to ${Math.round(this.o.uploadMaxBytes / 1048576)} MB; this one is ${(st.size / 1048576).toFixed(1)} MB`,
      )
    const id = `up_${(await sha256(path)).slice(0, 16)}`
    const hit = this.lookup(id)
    if (hit) return hit
    return this.join(id, {}, async () => {
      // The name says nothing: ffmpeg sniffs the content, limited to the audio demuxers we accept.
      const probe = await probeAudio(path, {
        ffmpegPath: this.o.ffmpegPath,
        displayName: originalName?.slice(0, 100) || basename(path),
        maxSeconds: this.o.maxTrackSeconds,
      })
      const min = this.o.minTrackSeconds ?? 0
      if (probe.durationSec < min)
        throw new AppError(
          'AUDIO_TOO_SHORT',
          `the audio holds ${probe.durationSec.toFixed(1)} s of sound; at least ${min} s are needed`,
        )
      if (probe.durationSec > this.o.maxTrackSeconds)
        throw new AppError(
          'TRACK_TOO_LONG',
          `the audio lasts ${formatDuration(probe.durationSec)}; the limit is ${formatDuration(this.o.maxTrackSeconds)}`,
        )
      const part = join(this.o.dir, `${id}.${process.pid}.part`)
      await copyFile(path, part).catch(async (e) => {
        await rm(part, { force: true })
        throw asDiskFull(e)
      })
      const entry: Entry = {
        audioId: id,
        file: `${id}.${extFor(probe.format, probe.codec)}`,
        bytes: st.size,
        lastUsed: this.now(),
        meta: {
          title: probe.tags.title || titleFrom(originalName),
          author: probe.tags.artist || probe.tags.album_artist || '',
          durationSec: probe.durationSec,
          source,
          fetchedAt: new Date(this.now()).toISOString(),
        },
      }
      await this.commit(part, entry)
      return { audioId: id, path: join(this.o.dir, entry.file), meta: entry.meta, cached: false }
    })
  }

  /** Audio first (rename), sidecar last (write temp + rename): a crash in between leaves no sidecar, so nothing looks complete. */
  private async commit(part: string, e: Entry): Promise<void> {
    await rename(part, join(this.o.dir, e.file))
    const side = this.sidecarPath(e.audioId)
    await writeFile(
      `${side}.${process.pid}.part`,
      JSON.stringify({ audioId: e.audioId, file: e.file, bytes: e.bytes, meta: e.meta }, null, 2),
    )
    await rename(`${side}.${process.pid}.part`, side)
    this.entries.set(e.audioId, e)
    await this.evict(e.audioId)
  }

  private async readSidecar(name: string): Promise<Entry | undefined> {
    try {
      const p = join(this.o.dir, name)
      const j = JSON.parse(await readFile(p, 'utf8')) as Omit<Entry, 'lastUsed'>
      if (`${j.audioId}.json` !== name || basename(j.file) !== j.file) return undefined
      const [audio, side] = await Promise.all([stat(join(this.o.dir, j.file)), stat(p)])
      if (audio.size !== j.bytes) return undefined
      return { ...j, lastUsed: side.mtimeMs }
    } catch {
      return undefined
    }
  }

  private async remove(e: Entry): Promise<string> {
    this.entries.delete(e.audioId)
    await rm(this.sidecarPath(e.audioId), { force: true }) // sidecar first: never a complete-looking half
    await rm(join(this.o.dir, e.file), { force: true })
    return e.audioId
  }

  private sidecarPath(id: string) {
    return join(this.o.dir, `${id}.json`)
  }
}

function raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p
  if (signal.aborted) return Promise.reject(cancelled('download'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled('download'))
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer)
  return h.digest('hex')
}

const sizeOf = (p: string) =>
  stat(p).then(
    (s) => s.size,
    () => 0,
  )
const safeExt = (ext: string) => (/^[a-z0-9]{1,5}$/i.test(ext) ? ext.toLowerCase() : 'bin')
const titleFrom = (name?: string) => titleFromFileName(name) ?? 'Untitled upload'

/** File extension for what ffmpeg detected, so other tools read the file right. */
function extFor(format: string, codec: string): string {
  const f = format.split(',')[0]
  const table: Record<string, string> = {
    wav: 'wav',
    mp3: 'mp3',
    flac: 'flac',
    ogg: 'ogg',
    matroska: codec === 'opus' || codec === 'vorbis' ? 'webm' : 'mka',
    mov: 'm4a',
    aac: 'aac',
    aiff: 'aiff',
    w64: 'w64',
    caf: 'caf',
  }
  return table[f] ?? 'bin'
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
