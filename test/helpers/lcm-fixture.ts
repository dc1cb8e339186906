// What the LCM tests share: single-threaded CPU sessions, a small request, and a tiny generated model
// folder made before the file's tests and removed after them.
import { after, before } from 'node:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeTinyLcmModel } from './tiny-onnx.ts'

export const CPU = { device: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 }

export const req = (prompts: string[], seeds: number[], steps = 4) => ({
  prompts,
  seeds,
  steps,
  guidance: 8.5,
  width: 64,
  height: 64,
})

/** Registers before/after hooks; read `.root` and `.model` inside tests. */
export function useTinyModel(prefix: string): { root: string; model: string } {
  const dirs = { root: '', model: '' }
  before(() => {
    dirs.root = mkdtempSync(join(tmpdir(), prefix))
    dirs.model = writeTinyLcmModel(join(dirs.root, 'lcm-dreamshaper-v7'))
  })
  after(() => rmSync(dirs.root, { recursive: true, force: true }))
  return dirs
}
