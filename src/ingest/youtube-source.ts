// The primary AudioSource: youtubei.js (InnerTube API) picks the best audio-only format, deciphers
// its URL with our vm evaluator, and we download it in ranged chunks (resumable from a start byte).
// The client and fetch are injectable, so tests run the adapter against fakes with no network.
import { open } from 'node:fs/promises'
import { AppError, cancelled } from '../errors.ts'
import { checkPlayability, toSourceError } from './source-errors.ts'
import type { AudioFormatInfo, AudioSource, SourceMetadata } from './types.ts'
import { installPlayerEvaluator } from './vm-evaluator.ts'

/** The part of a youtubei.js Format we use. */
export interface FormatLike {
  itag: number
  mime_type: string
  bitrate: number
  average_bitrate?: number
  content_length?: number
  has_audio: boolean
  has_video: boolean
  is_drc?: boolean
  audio_track?: { audio_is_default?: boolean }
  decipher(player?: unknown): Promise<string> | string
}

/** The part of a youtubei.js VideoInfo we use. */
export interface VideoInfoLike {
  basic_info: {
    title?: string
    author?: string
    duration?: number
    is_live?: boolean
    is_upcoming?: boolean
    thumbnail?: { url: string; width?: number }[]
  }
  playability_status?: { status: string; reason?: string }
  streaming_data?: { adaptive_formats: FormatLike[] }
}

/** The part of an Innertube instance we use. */
export interface InnertubeLike {
  getBasicInfo(videoId: string, options?: { client?: string; po_token?: string }): Promise<VideoInfoLike>
  session: { player?: unknown }
}

export interface YouTubeSourceOptions {
  /** InnerTube client to impersonate (YT_CLIENT): ANDROID, IOS, TV, WEB, MWEB. */
  client: string
  /** Proof-of-origin token (YT_PO_TOKEN), when one is configured. */
  poToken?: string
  /** Builds the client; default: Innertube.create with the vm evaluator installed. */
  createClient?: () => Promise<InnertubeLike>
  /** HTTP for the media bytes; default global fetch. */
  fetch?: typeof fetch
  /** Bytes per ranged request, default 8 MiB (YouTube throttles long single requests). */
  chunkBytes?: number
}

/** Picks the best audio-only format: original/default track, not loudness-compressed (DRC), highest bitrate, Opus on ties. */
export function chooseAudioFormat(formats: FormatLike[]): FormatLike | undefined {
  const audio = formats.filter((f) => f.has_audio && !f.has_video)
  const score = (f: FormatLike) => [
    f.audio_track && f.audio_track.audio_is_default === false ? 0 : 1,
    f.is_drc ? 0 : 1,
    f.average_bitrate ?? f.bitrate,
    /opus/.test(f.mime_type) ? 1 : 0,
  ]
  return audio.sort((a, b) => {
    const [x, y] = [score(a), score(b)]
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i]
    return 0
  })[0]
}

/** File extension for a format's MIME type. */
export const extForMime = (mime: string) =>
  /^audio\/webm/.test(mime) ? 'webm' : /^audio\/mp4/.test(mime) ? 'm4a' : (/^audio\/(\w{1,5})/.exec(mime)?.[1] ?? 'bin')

export function createYouTubeSource(o: YouTubeSourceOptions): AudioSource {
  const http = o.fetch ?? fetch
  const chunkBytes = o.chunkBytes ?? 8 * 1024 * 1024
  let client: Promise<InnertubeLike> | undefined
  const getClient = () =>
    (client ??= (o.createClient ?? (() => createInnertube(o.poToken)))().catch((e) => {
      client = undefined // a later call may succeed
      throw e
    }))
  // metadata() and download() of one ID come back to back: reuse the player response briefly.
  const recent = new Map<string, { at: number; info: Promise<VideoInfoLike> }>()
  const info = (id: string) => {
    const hit = recent.get(id)
    if (hit && Date.now() - hit.at < 60_000) return hit.info
    const p = getClient().then((c) => c.getBasicInfo(id, { client: o.client, po_token: o.poToken }))
    p.catch(() => recent.delete(id))
    recent.set(id, { at: Date.now(), info: p })
    return p
  }

  async function playable(id: string, signal?: AbortSignal): Promise<VideoInfoLike> {
    if (signal?.aborted) throw cancelled('download')
    let v: VideoInfoLike
    try {
      v = await info(id)
    } catch (e) {
      throw toSourceError(id, e)
    }
    checkPlayability(id, v.playability_status, !!(v.basic_info.is_live || v.basic_info.is_upcoming))
    return v
  }

  return {
    name: `youtubei.js/${o.client}`,
    async metadata(id, signal): Promise<SourceMetadata> {
      const v = await playable(id, signal)
      const b = v.basic_info
      const formats: AudioFormatInfo[] = (v.streaming_data?.adaptive_formats ?? [])
        .filter((f) => f.has_audio && !f.has_video)
        .map((f) => ({ mimeType: f.mime_type, bitrate: f.bitrate, contentLength: f.content_length, itag: f.itag }))
      const thumb = [...(b.thumbnail ?? [])].sort((x, y) => (y.width ?? 0) - (x.width ?? 0))[0]?.url
      return {
        videoId: id,
        title: b.title ?? id,
        author: b.author ?? '',
        durationSec: b.duration ?? 0,
        isLive: !!b.is_live,
        thumbnail: thumb,
        formats,
      }
    },
    async download(id, destPath, opts) {
      const v = await playable(id, opts.signal)
      const format = chooseAudioFormat(v.streaming_data?.adaptive_formats ?? [])
      if (!format) throw new AppError('SOURCE_BLOCKED', `YouTube offered no audio-only format for ${id}`)
      let url: string
      try {
        url = await format.decipher((await getClient()).session.player)
      } catch (e) {
        throw new AppError('SOURCE_BLOCKED', `could not decipher the stream URL of ${id}: ${(e as Error).message}`, {
          cause: e,
        })
      }
      if (!url) throw new AppError('SOURCE_BLOCKED', `could not decipher the stream URL of ${id}`)
      const total = format.content_length ?? 0
      let at = opts.startByte ?? 0
      const fh = await open(destPath, at > 0 ? 'a' : 'w')
      try {
        while (!total || at < total) {
          const end = total ? Math.min(at + chunkBytes, total) - 1 : undefined
          const got = await fetchRange(http, id, url, at, end, opts.signal, async (chunk) => {
            await fh.write(chunk)
            at += chunk.length
            opts.onProgress?.({ receivedBytes: at, totalBytes: total })
          })
          if (!total || got === 0) break
        }
      } finally {
        await fh.close()
      }
      if (total && at !== total) throw new AppError('NETWORK', `download of ${id} stopped at ${at} of ${total} bytes`)
      return { ext: extForMime(format.mime_type), bytes: at }
    },
  }
}

/** One ranged GET streamed to `write`; returns bytes received. 403 is a block; 429/5xx and dropped bodies are NETWORK. */
async function fetchRange(
  http: typeof fetch,
  id: string,
  url: string,
  start: number,
  end: number | undefined,
  signal: AbortSignal | undefined,
  write: (b: Uint8Array) => Promise<void>,
): Promise<number> {
  let received = 0
  try {
    const res = await http(url, { headers: { range: `bytes=${start}-${end ?? ''}` }, signal })
    if (res.status === 403 || res.status === 401)
      throw new AppError('SOURCE_BLOCKED', `YouTube answered ${res.status} for the audio of ${id}`)
    if (res.status === 416) return 0
    if (!res.ok) throw new AppError('NETWORK', `YouTube answered ${res.status} for the audio of ${id}`)
    if (start > 0 && res.status !== 206)
      throw new AppError('NETWORK', `YouTube ignored the range request for ${id} (status ${res.status})`)
    if (!res.body) return 0
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      await write(chunk)
      received += chunk.length
    }
    return received
  } catch (e) {
    if (signal?.aborted) throw cancelled('download')
    if (e instanceof AppError) throw e
    throw new AppError(
      'NETWORK',
      `the audio download of ${id} failed after ${received} bytes: ${(e as Error).message}`,
      { cause: e },
    )
  }
}

async function createInnertube(poToken?: string): Promise<InnertubeLike> {
  await installPlayerEvaluator()
  const { Innertube } = await import('youtubei.js')
  const yt = await Innertube.create({ po_token: poToken, retrieve_player: true })
  return yt as unknown as InnertubeLike
}
