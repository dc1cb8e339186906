// Start-up check that DATA_DIR can be written: a read-only folder would otherwise fail every write
// with a generic 500 (or crash start-up with a raw ENOENT/EROFS stack). Names the variable to fix.
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from './errors.ts'

/** Error code (EROFS, EACCES, ENOSPC, ...) when `dir` cannot be created or written; undefined when it can. */
export function writeProblem(dir: string): string | undefined {
  const probe = join(dir, `.write-probe-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(probe, 'ok')
    return undefined
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'EIO'
  } finally {
    try {
      rmSync(probe, { force: true })
    } catch {
      // nothing was written (ENOTDIR, EROFS): nothing to remove
    }
  }
}

/** Throws DATA_DIR_NOT_WRITABLE naming DATA_DIR, the folder and the reason, when it cannot be written. */
export function ensureDataDirWritable(dir: string): void {
  const problem = writeProblem(dir)
  if (!problem) return
  const why: Record<string, string> = {
    EROFS: 'it is on a read-only file system',
    EACCES: 'this user may not write there',
    EPERM: 'this user may not write there',
    ENOSPC: 'its disk is full',
    ENOTDIR: 'a file is in the way of the folder',
  }
  throw new AppError(
    'DATA_DIR_NOT_WRITABLE',
    `DATA_DIR "${dir}" is not writable (${why[problem] ?? problem}): set DATA_DIR to a writable folder ` +
      'or fix its permissions',
  )
}
