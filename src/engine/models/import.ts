// `models import`: adopts a folder the user already has (diffusers or optimum ONNX export of an SD 1.5
// LCM) after it passes `models check`: a symlink MODELS_DIR/<name> -> folder (default), or a copy of
// exactly the files the check found, hashed into mus2pic-lock.json so later loads verify them.
import { cpSync, existsSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { AppError } from '../../errors.ts'
import { checkModelFolder, type CheckOptions, type CheckReport } from './check.ts'
import { lockEntry, sha256File, writeLock, type ModelLock } from './lock.ts'

export interface ImportOptions extends CheckOptions {
  modelsDir: string
  /** Folder name under MODELS_DIR (LCM_MODEL); default: the source folder's name. */
  name?: string
  copy?: boolean
}

export interface ImportResult {
  name: string
  target: string
  mode: 'symlink' | 'copy'
  report: CheckReport
}

/** A model name LCM_MODEL accepts, from a folder name. */
export function modelNameFrom(dir: string): string {
  return (
    basename(resolve(dir))
      .replace(/[^a-z0-9._-]+/gi, '-')
      .replace(/^[-.]+|-+$/g, '') || 'imported-model'
  )
}

export async function importModel(src: string, o: ImportOptions): Promise<ImportResult> {
  const from = resolve(src)
  const name = o.name ?? modelNameFrom(from)
  if (!/^[a-z0-9._-]+$/i.test(name) || name.startsWith('.'))
    throw new AppError('INVALID_INPUT', `model name "${name}" must be letters, digits, dot, dash or underscore`)
  const target = join(o.modelsDir, name)
  if (existsSync(target) || isLink(target))
    throw new AppError('INVALID_INPUT', `${target} already exists; pick another --name or remove it first`)
  const report = await checkModelFolder(from, o)
  if (!report.ok)
    throw new AppError('MODEL_INVALID', `${from} failed the check, nothing was imported`, { details: report })
  mkdirSync(o.modelsDir, { recursive: true })
  if (!o.copy) {
    // 'junction' lets Windows link a folder without admin rights; other platforms ignore the type.
    symlinkSync(from, target, 'junction')
    return { name, target, mode: 'symlink', report }
  }
  const lock: ModelLock = { version: 1, files: {} }
  for (const rel of report.files) {
    const dest = join(target, rel)
    mkdirSync(dirname(dest), { recursive: true })
    cpSync(join(from, rel), dest)
    lock.files[rel] = lockEntry(dest, await sha256File(dest), 'computed')
  }
  writeLock(target, lock)
  return { name, target, mode: 'copy', report }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink()
  } catch {
    return false
  }
}
