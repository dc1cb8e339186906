// One HTTP download into a .part file: resumes with Range, follows redirects itself so the headers of
// every hop are seen (the hub puts a file's sha256 in X-Linked-Etag on the redirect, not on the CDN's
// answer), and reports the announced size and hash for the caller to verify.
import { existsSync, statSync } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { AppError } from '../../errors.ts'
import type { ModelFile } from './manifest.ts'

export interface FetchedFile {
  /** sha256 the server announced (X-Linked-Etag, else a 64-hex ETag), lower-case hex. */
  hubSha256?: string
  /** Full size the server announced (X-Linked-Size), when it did. */
  hubBytes?: number
}

interface FetchOptions {
  fetchImpl?: typeof fetch
  signal?: AbortSignal
  onProgress?: (p: { file: string; receivedBytes: number; totalBytes: number }) => void
}

/** A sha256 from X-Linked-Etag or ETag (quoted hex, maybe weak); git-blob sha1 ETags are not hashes of ours. */
export function announcedSha256(h: Headers): string | undefined {
  for (const name of ['x-linked-etag', 'etag']) {
    const m = /^(?:W\/)?"?([0-9a-f]{64})"?$/i.exec(h.get(name)?.trim() ?? '')
    if (m) return m[1].toLowerCase()
  }
  return undefined
}

async function request(url: string, headers: Record<string, string>, o: FetchOptions, seen: FetchedFile) {
  for (let hop = 0; hop < 6; hop++) {
    let res: Response
    try {
      res = await (o.fetchImpl ?? fetch)(url, { headers, signal: o.signal, redirect: 'manual' })
    } catch (e) {
      throw new AppError('NETWORK', `cannot reach ${new URL(url).host}: ${(e as Error).message}`, { cause: e })
    }
    seen.hubSha256 ??= announcedSha256(res.headers)
    const size = Number(res.headers.get('x-linked-size') ?? NaN)
    if (Number.isFinite(size)) seen.hubBytes ??= size
    const location = res.headers.get('location')
    if (res.status < 300 || res.status >= 400 || !location) return res
    await res.body?.cancel()
    url = new URL(location, url).toString()
  }
  throw new AppError('NETWORK', `too many redirects for ${url}`)
}

export async function fetchInto(url: string, part: string, f: ModelFile, o: FetchOptions): Promise<FetchedFile> {
  const have = existsSync(part) ? statSync(part).size : 0
  const seen: FetchedFile = {}
  const res = await request(url, have ? { Range: `bytes=${have}-` } : {}, o, seen)
  if (res.status === 416 && have) return seen // already complete
  if (!res.ok || !res.body)
    throw new AppError(res.status >= 500 ? 'NETWORK' : 'MODEL_MISSING', `${f.path}: the server answered ${res.status}`)
  const resumed = res.status === 206
  const length = Number(res.headers.get('content-length') ?? 0)
  const total = resumed ? have + length : length || f.bytes || 0
  const fh = await open(part, resumed ? 'a' : 'w')
  let received = resumed ? have : 0
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      await fh.write(chunk)
      received += chunk.length
      o.onProgress?.({ file: f.path, receivedBytes: received, totalBytes: total })
    }
  } catch (e) {
    throw new AppError('NETWORK', `${f.path}: the connection dropped at ${received} bytes`, { cause: e })
  } finally {
    await fh.close()
  }
  if (total && received < total) throw new AppError('NETWORK', `${f.path}: got ${received} of ${total} bytes`)
  const size = (await stat(part)).size
  if (total && size !== total) throw new AppError('NETWORK', `${f.path}: file has ${size} bytes, expected ${total}`)
  return seen
}
