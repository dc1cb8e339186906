// models/<name>/mus2pic-lock.json: the size and sha256 of every file a download verified, so later
// loads can check the folder again. The hash is re-computed only when a file's mtime changed, so a
// 3 GB UNet is not re-hashed at every start.
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../errors.ts'

export const LOCK_FILE = 'mus2pic-lock.json'

export interface LockEntry {
  bytes: number
  sha256: string
  /** Where the expected hash came from: the manifest, the hub's ETag, or computed here (unverified). */
  source: 'manifest' | 'hub' | 'computed'
  /** mtime when the hash was last confirmed; a different mtime means hash again. */
  mtimeMs: number
}

export interface ModelLock {
  version: 1
  files: Record<string, LockEntry>
}

export function readLock(dir: string): ModelLock {
  const path = join(dir, LOCK_FILE)
  if (!existsSync(path)) return { version: 1, files: {} }
  try {
    const lock = JSON.parse(readFileSync(path, 'utf8')) as ModelLock
    if (lock.version !== 1 || typeof lock.files !== 'object') throw new Error('unknown lock version')
    return lock
  } catch (e) {
    throw new AppError(
      'MODEL_INVALID',
      `${path} is unreadable (${(e as Error).message}); delete it and download again`,
      {
        cause: e,
      },
    )
  }
}

export function writeLock(dir: string, lock: ModelLock): void {
  const path = join(dir, LOCK_FILE)
  writeFileSync(`${path}.tmp`, JSON.stringify(lock, null, 2) + '\n')
  renameSync(`${path}.tmp`, path)
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject)
  })
}

/** Builds the lock entry for a file just written, with the hash already computed. */
export function lockEntry(path: string, sha256: string, source: LockEntry['source']): LockEntry {
  const st = statSync(path)
  return { bytes: st.size, sha256, source, mtimeMs: st.mtimeMs }
}

export interface VerifyResult {
  /** Files checked (paths inside the folder). */
  checked: string[]
  /** Files whose mtime changed and were hashed again. */
  rehashed: string[]
}

/**
 * Checks every file the lock names: present, same size, same sha256 (hashed only when its mtime moved;
 * the new mtime is then written back). Throws MODEL_MISSING / MODEL_INVALID naming the file; with
 * forgetMissing (before a download) a missing file's entry is dropped instead.
 */
export async function verifyLocked(dir: string, o: { forgetMissing?: boolean } = {}): Promise<VerifyResult> {
  const lock = readLock(dir)
  const out: VerifyResult = { checked: [], rehashed: [] }
  let forgot = false
  for (const [rel, entry] of Object.entries(lock.files)) {
    const path = join(dir, rel)
    if (!existsSync(path) && o.forgetMissing) {
      // A download about to fetch it again: the old entry must not vouch for the new bytes.
      delete lock.files[rel]
      forgot = true
      continue
    }
    if (!existsSync(path))
      throw new AppError('MODEL_MISSING', `${rel} is missing from ${dir} (listed in ${LOCK_FILE}); download it again`)
    const st = statSync(path)
    if (st.size !== entry.bytes)
      throw new AppError('MODEL_INVALID', `${rel} has ${st.size} bytes, ${entry.bytes} were verified at download`)
    out.checked.push(rel)
    if (st.mtimeMs === entry.mtimeMs) continue
    const got = await sha256File(path)
    if (got !== entry.sha256)
      throw new AppError(
        'MODEL_INVALID',
        `${rel} changed since it was verified (sha256 ${got}, expected ${entry.sha256})`,
      )
    entry.mtimeMs = st.mtimeMs
    out.rehashed.push(rel)
  }
  if (out.rehashed.length || forgot) writeLock(dir, lock)
  return out
}
