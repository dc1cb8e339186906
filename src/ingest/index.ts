// The ingest stage: a URL, an audio ID or a local file in, a Track on local disk out. Wires the
// audio cache to a source (youtubei.js, with yt-dlp as fallback when it is installed).
import { join } from 'node:path'
import { MIN_DURATION_SEC } from '../audio/analyse.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { silentLogger, type Logger } from '../logger.ts'
import { AudioCache, UPLOAD_ID_RE, type GetOptions } from './audio-cache.ts'
import { createFallbackSource } from './fallback-source.ts'
import type { AudioSource, Track, TrackInput } from './types.ts'
import { createYouTubeSource } from './youtube-source.ts'
import { findYtDlp, createYtDlpSource } from './ytdlp-source.ts'
import { parseYouTubeUrl, VIDEO_ID_RE } from './youtube-url.ts'

export type * from './types.ts'
export { AudioCache, UPLOAD_ID_RE } from './audio-cache.ts'
export { canonicalYouTubeUrl, parseYouTubeUrl, VIDEO_ID_RE } from './youtube-url.ts'

export interface Ingest {
  /** Prepares the cache folder (removes leftovers of crashed downloads); call once at start-up. */
  init(): Promise<void>
  /** The track for a URL, audio ID or local file; a cached one costs no network call. */
  fetch(input: TrackInput, o?: GetOptions): Promise<Track>
  /** Stores an uploaded temp file (the caller deletes it) by content hash, after probing it is audio. */
  putUpload(tmpPath: string, originalName?: string): Promise<Track>
  /** Stores a local file (CLI) by content hash. */
  addLocalFile(path: string): Promise<Track>
  /** A cached track by audio ID, or undefined; never touches the network. */
  lookup(audioId: string): Track | undefined
  /** Upload helpers, for routes that only deal with uploads. */
  uploads: { put(tmpPath: string, originalName?: string): Promise<Track>; isUploadId(id: string): boolean }
  readonly cache: AudioCache
}

export function createIngest(deps: { config: Config; source: AudioSource; logger?: Logger }): Ingest {
  const { config } = deps
  const cache = new AudioCache({
    dir: join(config.dataDir, 'audio'),
    source: deps.source,
    maxBytes: config.cache.maxBytes,
    ttlMs: config.cache.ttlMs,
    maxTrackSeconds: config.limits.maxTrackSeconds,
    // Analysis needs this much; refusing at upload beats a job failing later.
    minTrackSeconds: MIN_DURATION_SEC,
    uploadMaxBytes: config.limits.uploadMaxBytes,
    maxConcurrentDownloads: config.limits.maxConcurrentDownloads,
    ffmpegPath: config.ffmpegPath,
    logger: deps.logger?.child({ stage: 'ingest' }),
  })
  const putUpload = (tmp: string, name?: string) => cache.putUpload(tmp, name)
  return {
    cache,
    init: () => cache.init(),
    putUpload,
    addLocalFile: (path) => cache.addLocalFile(path),
    lookup: (id) => cache.lookup(id),
    uploads: { put: putUpload, isUploadId: (id) => UPLOAD_ID_RE.test(id) },
    async fetch(input, o = {}) {
      if ('url' in input) return cache.get(parseYouTubeUrl(input.url), o)
      if ('file' in input) return cache.addLocalFile(input.file)
      if ('audioId' in input) {
        const id = input.audioId
        if (VIDEO_ID_RE.test(id)) return cache.get(id, o)
        if (UPLOAD_ID_RE.test(id)) {
          const t = cache.lookup(id)
          if (!t)
            throw new AppError(
              'AUDIO_NOT_FOUND',
              `no uploaded audio with ID ${id} (uploads expire from the cache; upload the file again)`,
            )
          return t
        }
        throw new AppError(
          'INVALID_INPUT',
          `"${String(id).slice(0, 40)}" is neither a video ID nor an upload ID (up_ + 16 hex digits)`,
        )
      }
      throw new AppError('INVALID_INPUT', 'give a url, an audioId or a file')
    },
  }
}

/** youtubei.js with the configured client and po_token; yt-dlp behind it when YTDLP_PATH or PATH has it. */
export function createDefaultSource(config: Config, logger: Logger = silentLogger): AudioSource {
  const primary = createYouTubeSource({ client: config.youtube.client, poToken: config.youtube.poToken })
  const ytdlp = findYtDlp(config.ytdlpPath)
  if (config.ytdlpPath && !ytdlp)
    logger.warn({ path: config.ytdlpPath }, 'YTDLP_PATH is not an executable file; running without the yt-dlp fallback')
  if (!ytdlp) return primary
  return createFallbackSource(primary, createYtDlpSource({ path: ytdlp }), logger)
}
