// Model manager: list what is on disk, download on explicit request.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { MANIFESTS } from './manifest.ts'

export { downloadModel, manifestFor, type DownloadOptions, type DownloadProgress } from './download.ts'
export { MANIFESTS, type ModelFile, type ModelManifest } from './manifest.ts'

export function listModels(modelsDir: string) {
  return Object.values(MANIFESTS).map((m) => {
    const files = m.files.map((f) => {
      const p = join(modelsDir, m.name, f.path)
      const present = existsSync(p)
      return { path: f.path, present, bytes: present ? statSync(p).size : undefined, optional: !!f.optional }
    })
    return { name: m.name, description: m.description, present: files.every((f) => f.present || f.optional), files }
  })
}
