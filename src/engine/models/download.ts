// Model downloads, only ever on explicit request: each graph is fetched, then the external-data files
// its initializers name (several allowed), each resumable from <file>.part with HTTP Range, size-checked
// and sha256-verified against the manifest or the hub's X-Linked-Etag; verified sizes and hashes go to
// mus2pic-lock.json. A file appears under its final name only once complete and verified.
import { existsSync, statSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname, join, posix } from 'node:path'
import { AppError } from '../../errors.ts'
import { fetchInto, type FetchedFile } from './fetch-file.ts'
import { lockEntry, readLock, sha256File, verifyLocked, writeLock, type ModelLock } from './lock.ts'
import { MANIFESTS, type ModelFile, type ModelManifest } from './manifest.ts'
import { readGraphInfo } from './onnx-graph.ts'

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

/** The URL of a file next to another one (external data sits beside its graph). */
function siblingUrl(url: string, location: string): string {
  const u = new URL(url)
  u.pathname = posix.join(posix.dirname(u.pathname), location)
  return u.toString()
}

export async function downloadModel(name: string, o: DownloadOptions): Promise<{ dir: string; files: string[] }> {
  const manifest = o.manifest ?? manifestFor(name)
  const dir = join(o.modelsDir, manifest.name)
  await mkdir(dir, { recursive: true })
  await verifyLocked(dir, { forgetMissing: true }) // a corrupt file already there is reported, not built upon
  const lock = readLock(dir)
  // External-data entries of the manifest are hints (size, hash) used only when a graph names them.
  const hints = new Map(manifest.files.filter((f) => f.external).map((f) => [f.path, f]))
  const queue = manifest.files.filter((f) => !f.external)
  const seen = new Set(queue.map((f) => f.path))
  const done: string[] = []
  for (let i = 0; i < queue.length; i++) {
    const f = queue[i]
    const dest = join(dir, f.path)
    try {
      if (!existsSync(dest)) await downloadFile(f, dest, dir, lock, o)
      else if (f.minBytes && statSync(dest).size < f.minBytes)
        throw new AppError('MODEL_INVALID', `${f.path} is shorter than its graph needs; delete it and download again`)
      else if (!lock.files[f.path]) {
        // Present from an older version of this command: record what is there.
        lock.files[f.path] = lockEntry(dest, await sha256File(dest), 'computed')
        writeLock(dir, lock)
      }
      done.push(dest)
    } catch (e) {
      if (f.optional && !(e instanceof AppError && (e.code === 'CHECKSUM_MISMATCH' || e.code === 'CANCELLED'))) continue
      throw e
    }
    if (!f.path.endsWith('.onnx')) continue
    for (const ref of readGraphInfo(dest).external) {
      const path = posix.join(posix.dirname(f.path), ref.location)
      if (seen.has(path)) continue
      seen.add(path)
      const hint = hints.get(path)
      queue.push({
        path,
        url: hint?.url ?? siblingUrl(f.url, ref.location),
        bytes: hint?.bytes ?? (ref.minBytes || undefined),
        sha256: hint?.sha256,
        minBytes: ref.minBytes,
        optional: f.optional,
      })
    }
  }
  return { dir, files: done }
}

async function downloadFile(f: ModelFile, dest: string, dir: string, lock: ModelLock, o: DownloadOptions) {
  const url = o.baseUrl ? o.baseUrl.replace(/\/$/, '') + '/' + f.path : f.url
  const part = `${dest}.part`
  await mkdir(dirname(dest), { recursive: true })
  const retries = o.retries ?? 4
  let got: FetchedFile
  for (let attempt = 0; ; attempt++) {
    try {
      got = await fetchInto(url, part, f, o)
      break
    } catch (e) {
      if (o.signal?.aborted) throw new AppError('CANCELLED', 'download cancelled; run the command again to resume')
      if (e instanceof AppError && e.code !== 'NETWORK') throw e
      if (attempt >= retries)
        throw e instanceof AppError
          ? e
          : new AppError('NETWORK', `download of ${f.path} failed: ${(e as Error).message}`, { cause: e })
      await new Promise((r) => setTimeout(r, (o.backoffMs ?? 500) * 2 ** attempt))
    }
  }
  const bad = async (message: string) => {
    await rm(part, { force: true }) // a corrupt file must not be resumed either
    return new AppError('CHECKSUM_MISMATCH', `${f.path}: ${message}; the download was discarded`)
  }
  const size = statSync(part).size
  if (f.minBytes && size < f.minBytes) throw await bad(`${size} bytes, but its graph reads ${f.minBytes}`)
  if (got.hubBytes !== undefined && size !== got.hubBytes)
    throw await bad(`${size} bytes, the hub announced ${got.hubBytes}`)
  const expected = f.sha256 ?? got.hubSha256
  const sha = await sha256File(part)
  if (expected && sha !== expected)
    throw await bad(`sha256 ${sha} does not match the ${f.sha256 ? 'manifest' : "hub's ETag"} (${expected})`)
  await rename(part, dest)
  lock.files[f.path] = lockEntry(dest, sha, f.sha256 ? 'manifest' : expected ? 'hub' : 'computed')
  writeLock(dir, lock)
}
