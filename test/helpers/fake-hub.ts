// A loopback stand-in for the model hub: serves a folder's files at /<path> the way the hub does for
// LFS files (a 302 to /cdn/<path> carrying X-Linked-Etag = sha256 and X-Linked-Size), with Range
// requests, ETag and If-Range; can drop one connection part-way and lie about one file's hash.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, relative } from 'node:path'

export interface FakeHubOptions {
  /** Drop the first response for this path after this many bytes. */
  drop?: { path: string; atByte: number }
  /** Announce this sha256 for a path instead of the real one. */
  wrongHash?: string
  /** Send no hash headers at all. */
  noHashes?: boolean
}

function walk(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p, root) : [relative(root, p).split('\\').join('/')]
  })
}

export async function startFakeHub(dir: string, o: FakeHubOptions = {}) {
  const files = new Map(walk(dir).map((p) => [p, readFileSync(join(dir, p))]))
  const requests: { path: string; range?: string; status: number }[] = []
  let dropped = false
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const cdn = url.pathname.startsWith('/cdn/')
    const path = decodeURIComponent(url.pathname.slice(cdn ? 5 : 1))
    const body = files.get(path)
    const log = (status: number) => requests.push({ path, range: req.headers.range, status })
    if (!body) return (log(404), res.writeHead(404).end())
    const sha = path === o.wrongHash ? 'ab'.repeat(32) : createHash('sha256').update(body).digest('hex')
    const hashHeaders = o.noHashes ? {} : { 'x-linked-etag': `"${sha}"`, 'x-linked-size': String(body.length) }
    if (!cdn) {
      log(302)
      return res.writeHead(302, { location: `/cdn/${path}`, ...hashHeaders }).end()
    }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    const ifRange = req.headers['if-range']
    const start = m && (!ifRange || ifRange === etag) ? Number(m[1]) : 0
    if (start >= body.length && start > 0) {
      log(416)
      return res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end()
    }
    const status = start ? 206 : 200
    log(status)
    res.writeHead(status, {
      etag,
      'accept-ranges': 'bytes',
      'content-length': body.length - start,
      ...(start ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    })
    if (o.drop?.path === path && !dropped) {
      dropped = true
      // Let the client read the first bytes before the connection dies, as on a real network.
      return res.write(body.subarray(start, o.drop.atByte), () => setTimeout(() => res.socket?.destroy(), 100))
    }
    res.end(body.subarray(start))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
