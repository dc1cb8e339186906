// Model downloads, only ever on explicit request: HTTP range resume from <file>.part, sha256 check
// (when the manifest knows the hash), and atomic placement: a file appears under its final name only
// once complete and verified.
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { AppError } from '../../errors.ts'
import { MANIFESTS, type ModelFile, type ModelManifest } from './manifest.ts'

export interface DownloadProgress {
  file: string
  receivedBytes: number
  totalBytes: number
}

export interface DownloadOptions {
  modelsDir: string
  onProgress?: (p: DownloadProgress) => void
  signal?: AbortSignal
  fetchImpl?: typeof fetch
  /** Replaces the manifest's URL host (tests: a loopback server). */
  baseUrl?: string
  manifest?: ModelManifest
  retries?: number
  backoffMs?: number
}

export function manifestFor(name: string): ModelManifest {
  const m = MANIFESTS[name]
  if (!m) throw new AppError('INVALID_INPUT', `unknown model "${name}"; known: ${Object.keys(MANIFESTS).join(', ')}`)
  return m
}

export async function downloadModel(name: string, o: DownloadOptions): Promise<{ dir: string; files: string[] }> {
  const manifest = o.manifest ?? manifestFor(name)
  const dir = join(o.modelsDir, manifest.name)
  const done: string[] = []
  for (const f of manifest.files) {
    const dest = join(dir, f.path)
    if (existsSync(dest)) {
      done.push(dest)
      continue
    }
    try {
      await downloadFile(f, dest, o)
      done.push(dest)
    } catch (e) {
      if (f.optional && !(e instanceof AppError && (e.code === 'CHECKSUM_MISMATCH' || e.code === 'CANCELLED'))) continue
      throw e
    }
  }
  return { dir, files: done }
}

async function downloadFile(f: ModelFile, dest: string, o: DownloadOptions): Promise<void> {
  const url = o.baseUrl ? o.baseUrl.replace(/\/$/, '') + '/' + f.path : f.url
  const part = `${dest}.part`
  await mkdir(dirname(dest), { recursive: true })
  const retries = o.retries ?? 4
  for (let attempt = 0; ; attempt++) {
    try {
      await fetchInto(url, part, f, o)
      break
    } catch (e) {
      if (o.signal?.aborted) throw new AppError('CANCELLED', 'download cancelled; run the command again to resume')
      if (e instanceof AppError && e.code !== 'NETWORK') throw e
      if (attempt >= retries) throw e instanceof AppError ? e : new AppError('NETWORK', `download of ${f.path} failed: ${(e as Error).message}`, { cause: e })
      await new Promise((r) => setTimeout(r, (o.backoffMs ?? 500) * 2 ** attempt))
    }
  }
  if (f.sha256) {
    const got = await sha256File(part)
    if (got !== f.sha256) {
      await rm(part, { force: true }) // a corrupt file must not be resumed either
      throw new AppError('CHECKSUM_MISMATCH', `${f.path}: sha256 ${got} does not match the manifest (${f.sha256}); the download was discarded`)
    }
  }
  await rename(part, dest)
}

async function fetchInto(url: string, part: string, f: ModelFile, o: DownloadOptions): Promise<void> {
  const have = existsSync(part) ? statSync(part).size : 0
  let res: Response
  try {
    res = await (o.fetchImpl ?? fetch)(url, { headers: have ? { Range: `bytes=${have}-` } : {}, signal: o.signal, redirect: 'follow' })
  } catch (e) {
    throw new AppError('NETWORK', `cannot reach ${new URL(url).host}: ${(e as Error).message}`, { cause: e })
  }
  if (res.status === 416 && have) return // already complete
  if (!res.ok || !res.body) throw new AppError(res.status >= 500 ? 'NETWORK' : 'MODEL_MISSING', `${f.path}: the server answered ${res.status}`)
  const resumed = res.status === 206
  const total = resumed ? have + Number(res.headers.get('content-length') ?? 0) : Number(res.headers.get('content-length') ?? f.bytes ?? 0)
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
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(path).on('data', (d) => h.update(d)).on('end', () => resolve(h.digest('hex'))).on('error', reject)
  })
}
