// Free space in DATA_DIR: checked before large writes and by /readyz, and the one place that turns a
// full disk (ENOSPC, EDQUOT, SQLITE_FULL) into AppError DISK_FULL (507).
import { statfs } from 'node:fs/promises'
import { AppError } from './errors.ts'

/** Bytes available to this (unprivileged) process on the file system holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir)
  return s.bavail * s.bsize
}

/**
 * Throws DISK_FULL unless `dir` keeps `minFreeBytes` after writing `needBytes` more. Called before
 * large writes (uploads, posters) so a job fails cleanly instead of dying half-written.
 */
export async function ensureFreeSpace(dir: string, minFreeBytes: number, needBytes = 0): Promise<void> {
  if (minFreeBytes <= 0 && needBytes <= 0) return
  const free = await freeBytes(dir).catch(() => Number.POSITIVE_INFINITY) // no statfs: let the write decide
  if (free - needBytes < minFreeBytes)
    throw new AppError(
      'DISK_FULL',
      `the server's disk is nearly full (${mb(free)} MB free, ${mb(minFreeBytes)} MB kept in reserve); try again later`,
    )
}

/** True for the errors a full disk or quota raises, from fs or SQLite. */
export function isDiskFullError(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code
  return (
    code === 'ENOSPC' ||
    code === 'EDQUOT' ||
    code === 'SQLITE_FULL' ||
    (e instanceof AppError && e.code === 'DISK_FULL')
  )
}

/** `e` as DISK_FULL when it is a full-disk error, else unchanged. */
export function asDiskFull(e: unknown): unknown {
  if (e instanceof AppError || !isDiskFullError(e)) return e
  return new AppError('DISK_FULL', "the server's disk is full; try again later", { cause: e })
}

const mb = (b: number) => Math.round(b / 1048576)
