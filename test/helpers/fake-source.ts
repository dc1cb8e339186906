// A fake YouTube on a loopback HTTP server (127.0.0.1, random port) and the AudioSource that talks
// to it: metadata as JSON, audio bytes with Range support, request counting, slow streaming and
// connections dropped after N bytes, so the cache and end-to-end tests run with no network.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { open } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { AppError, type ErrorCode } from '../../src/errors.ts'
import type { AudioSource, SourceMetadata } from '../../src/ingest/types.ts'

export interface FakeVideo {
  title: string
  author: string
  durationSec: number
  wav: Buffer
  private?: boolean
  unavailable?: boolean
  live?: boolean
  ageRestricted?: boolean
}

export interface FakeYouTubeOptions {
  videos: Record<string, FakeVideo>
  /** Throttle audio responses to about this many bytes per second (default: unthrottled). */
  bytesPerSec?: number
}

export interface RequestLog {
  kind: 'meta' | 'audio'
  id: string
  /** Start byte asked for with a Range header, 0 without one. */
  start: number
}

export interface FakeYouTube {
  source: AudioSource
  url: string
  /** Requests served so far, metadata and audio together. */
  requests(): number
  log(): RequestLog[]
  /** The next `times` audio responses for `id` drop the connection after `afterBytes` body bytes. */
  failNext(id: string, afterBytes: number, times?: number): void
  setThrottle(bytesPerSec: number | undefined): void
  close(): Promise<void>
}

export async function startFakeYouTube(opts: FakeYouTubeOptions): Promise<FakeYouTube> {
  const log: RequestLog[] = []
  const drops = new Map<string, { afterBytes: number; times: number }>()
  let throttle = opts.bytesPerSec

  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()))
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const [, kind, id] = /^\/(meta|audio)\/([^/?]+)/.exec(req.url ?? '') ?? []
    const video = opts.videos[id]
    if (!kind) return void res.writeHead(404).end()
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
    log.push({ kind: kind as RequestLog['kind'], id, start: range ? Number(range[1]) : 0 })
    const fail = (status: number, code: ErrorCode, message: string) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, message }))
    if (!video || video.unavailable) return fail(404, 'VIDEO_UNAVAILABLE', `video ${id} is unavailable`)
    if (video.private) return fail(403, 'VIDEO_PRIVATE', `video ${id} is private`)
    if (video.ageRestricted) return fail(403, 'VIDEO_AGE_RESTRICTED', `video ${id} needs sign-in to confirm age`)
    if (kind === 'meta') {
      const meta: SourceMetadata = {
        videoId: id,
        title: video.title,
        author: video.author,
        durationSec: video.durationSec,
        isLive: !!video.live,
        thumbnail: `https://i.ytimg.com/vi/${id}/hqdefault.jpg`,
        formats: [{ mimeType: 'audio/wav', bitrate: 352_800, contentLength: video.wav.length, itag: 1 }],
      }
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(meta))
    }
    if (video.live) return fail(403, 'VIDEO_LIVE', 'live streams cannot be downloaded')
    const start = range ? Number(range[1]) : 0
    const end = range && range[2] ? Math.min(Number(range[2]), video.wav.length - 1) : video.wav.length - 1
    if (start >= video.wav.length)
      return void res.writeHead(416, { 'content-range': `bytes */${video.wav.length}` }).end()
    const body = video.wav.subarray(start, end + 1)
    res.writeHead(range ? 206 : 200, {
      'content-type': 'audio/wav',
      'content-length': body.length,
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${video.wav.length}` } : {}),
    })
    const drop = drops.get(id)
    let cut = Infinity
    if (drop && drop.times > 0) {
      cut = drop.afterBytes
      if (--drop.times === 0) drops.delete(id)
    }
    const step = 16384
    for (let at = 0; at < body.length; at += step) {
      const chunk = body.subarray(at, Math.min(at + step, body.length, cut))
      // Wait until each chunk is handed to the socket, so a cut drops exactly what follows it.
      if (chunk.length) await new Promise((r) => res.write(chunk, r))
      if (at + step >= cut) {
        await new Promise((r) => setTimeout(r, 20))
        return void res.destroy()
      }
      if (throttle) await new Promise((r) => setTimeout(r, (chunk.length / throttle!) * 1000))
      if (res.destroyed) return
    }
    res.end()
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const source: AudioSource = {
    name: 'fake-youtube',
    async metadata(videoId, signal) {
      const res = await call(`${url}/meta/${videoId}`, {}, signal)
      return (await res.json()) as SourceMetadata
    },
    async download(videoId, destPath, o) {
      const startByte = o.startByte ?? 0
      const res = await call(`${url}/audio/${videoId}`, startByte ? { range: `bytes=${startByte}-` } : {}, o.signal)
      const total = startByte + Number(res.headers.get('content-length') ?? 0)
      const fh = await open(destPath, startByte ? 'a' : 'w')
      let received = startByte
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          await fh.write(chunk)
          received += chunk.length
          o.onProgress?.({ receivedBytes: received, totalBytes: total })
        }
      } catch (e) {
        if (o.signal?.aborted) throw e
        throw new AppError('NETWORK', `connection dropped after ${received} bytes`, { cause: e })
      } finally {
        await fh.close()
      }
      if (received !== total) throw new AppError('NETWORK', `short read: ${received} of ${total} bytes`)
      return { ext: 'wav', bytes: received }
    },
  }

  return {
    source,
    url,
    requests: () => log.length,
    log: () => [...log],
    failNext(id, afterBytes, times = 1) {
      drops.set(id, { afterBytes, times })
    },
    setThrottle(bytesPerSec) {
      throttle = bytesPerSec
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

async function call(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  let res: Response
  try {
    res = await fetch(url, { headers, signal })
  } catch (e) {
    if (signal?.aborted) throw e
    throw new AppError('NETWORK', `fake YouTube unreachable: ${(e as Error).message}`, { cause: e })
  }
  if (!res.ok && res.status !== 206) {
    const body = (await res.json().catch(() => ({}))) as { code?: ErrorCode; message?: string }
    throw new AppError(body.code ?? 'NETWORK', body.message ?? `HTTP ${res.status}`)
  }
  return res
}
