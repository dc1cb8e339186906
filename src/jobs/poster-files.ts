// Poster files on disk: posters/<jobId>/<n>.png + <n>.thumb.webp + the raw artwork <n>.art.png (and
// <n>.art.svg when the engine drew vectors) under DATA_DIR. Written to a temp
// name and renamed, so a crash never leaves a file that looks finished; rows store relative paths.
import { readdirSync, rmSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { asDiskFull, ensureFreeSpace } from '../disk.ts'
import type { PosterOutput } from '../poster/types.ts'

export const POSTERS_DIR = 'posters'

export interface PosterWriteOptions {
  /** Bytes DATA_DIR must keep free after the write (DISK_MIN_FREE_MB); checked first. */
  minFreeBytes?: number
  /** File writer (tests inject ENOSPC); fs.promises.writeFile by default. */
  writeFile?: (path: string, data: Uint8Array) => Promise<void>
}

/** Writes a poster, its thumbnail and raw artwork; a full disk is DISK_FULL and leaves no temp file behind. */
export async function writePosterFiles(
  dataDir: string,
  jobId: string,
  idx: number,
  out: Pick<PosterOutput, 'png' | 'thumbWebp'> & { artPng?: Buffer; artSvg?: string },
  o: PosterWriteOptions = {},
) {
  const dir = join(dataDir, POSTERS_DIR, jobId)
  const write = o.writeFile ?? writeFile
  try {
    const bytes = out.png.length + out.thumbWebp.length + (out.artPng?.length ?? 0) + (out.artSvg?.length ?? 0)
    await ensureFreeSpace(dataDir, o.minFreeBytes ?? 0, bytes)
    await mkdir(dir, { recursive: true })
    const png = join(dir, `${idx}.png`)
    const thumb = join(dir, `${idx}.thumb.webp`)
    const art = join(dir, `${idx}.art.png`)
    const svg = join(dir, `${idx}.art.svg`)
    if (out.artPng) await atomicWrite(art, out.artPng, write)
    if (out.artSvg) await atomicWrite(svg, Buffer.from(out.artSvg), write)
    await atomicWrite(thumb, out.thumbWebp, write)
    await atomicWrite(png, out.png, write) // last: the finished poster appears only when the rest is there
    return {
      pngPath: relative(dataDir, png),
      thumbPath: relative(dataDir, thumb),
      artPath: out.artPng ? relative(dataDir, art) : null,
      artSvgPath: out.artSvg ? relative(dataDir, svg) : null,
      bytes: out.png.length,
    }
  } catch (e) {
    throw asDiskFull(e)
  }
}

/** Every file a poster row points at. */
export function posterFilePaths(p: {
  pngPath: string
  thumbPath: string
  artPath: string | null
  artSvgPath: string | null
}) {
  return [p.pngPath, p.thumbPath, p.artPath, p.artSvgPath].filter((x): x is string => !!x)
}

let writes = 0

export async function atomicWrite(
  path: string,
  data: Buffer,
  write: NonNullable<PosterWriteOptions['writeFile']> = writeFile,
): Promise<void> {
  const tmp = `${path}.${process.pid}.${++writes}.tmp` // unique: two re-composes of one poster may overlap
  try {
    await write(tmp, data)
    await rename(tmp, path)
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {}) // a half-written temp file must not stay
    throw e
  }
}

/** Resolves a stored relative path inside dataDir; undefined if it would escape it. */
export function resolveInside(dataDir: string, rel: string): string | undefined {
  const root = resolve(dataDir)
  const full = resolve(root, rel)
  return full.startsWith(root + sep) ? full : undefined
}

export async function removeFiles(dataDir: string, rels: string[]): Promise<void> {
  for (const rel of rels) {
    const p = resolveInside(dataDir, rel)
    if (p) await rm(p, { force: true })
  }
}

/** Every file under posters/, relative to dataDir. */
export async function listPosterFiles(dataDir: string): Promise<string[]> {
  const root = join(dataDir, POSTERS_DIR)
  const out: string[] = []
  let jobs: string[]
  try {
    jobs = await readdir(root)
  } catch {
    return out
  }
  for (const j of jobs) {
    const d = join(root, j)
    if (!(await stat(d)).isDirectory()) continue
    for (const f of await readdir(d)) out.push(relative(dataDir, join(d, f)))
  }
  return out
}

/** Deletes files in a job's folder that no row references (synchronous: runs at start-up). */
export function removeUnreferenced(dataDir: string, jobId: string, keep: string[]): number {
  const dir = join(dataDir, POSTERS_DIR, jobId)
  const kept = new Set(keep)
  let removed = 0
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return 0
  }
  for (const name of names) {
    if (kept.has(relative(dataDir, join(dir, name)))) continue
    rmSync(join(dir, name), { force: true })
    removed++
  }
  return removed
}
