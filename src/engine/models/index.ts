// Model manager: list what is on disk (with external data named by the graphs), download on explicit
// request, check and import folders the user already has.
import { existsSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'
import { MANIFESTS } from './manifest.ts'
import { readGraphInfo } from './onnx-graph.ts'

export { downloadModel, manifestFor, type DownloadOptions, type DownloadProgress } from './download.ts'
export { MANIFESTS, type ModelFile, type ModelManifest } from './manifest.ts'
export { verifyLocked, readLock, LOCK_FILE } from './lock.ts'

export interface ListedFile {
  path: string
  present: boolean
  bytes?: number
  optional: boolean
}

/** The files of a model folder: the manifest's graphs and extras plus the external data each graph names. */
export function modelFiles(dir: string, paths: { path: string; optional?: boolean }[]): ListedFile[] {
  const out: ListedFile[] = []
  for (const f of paths) {
    const p = join(dir, f.path)
    const present = existsSync(p)
    out.push({ path: f.path, present, bytes: present ? statSync(p).size : undefined, optional: !!f.optional })
    if (!present || !f.path.endsWith('.onnx')) continue
    let refs: { location: string }[]
    try {
      refs = readGraphInfo(p).external
    } catch {
      continue // an unreadable graph is reported by `models check`, not by a listing
    }
    for (const r of refs) out.push(...modelFiles(dir, [{ path: posix.join(posix.dirname(f.path), r.location) }]))
  }
  return out
}

export function listModels(modelsDir: string) {
  return Object.values(MANIFESTS).map((m) => {
    const files = modelFiles(
      join(modelsDir, m.name),
      m.files.filter((f) => !f.external),
    )
    return { name: m.name, description: m.description, present: files.every((f) => f.present || f.optional), files }
  })
}
