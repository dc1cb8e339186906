// Posters: the gallery. Keyset pagination on the integer id (newest first), filters as SQL
// parameters only, text search through the FTS5 index over title and artist.
import type { Db } from './db.ts'

export interface PosterRecord {
  id: number
  jobId: string
  idx: number
  audioId: string | null
  title: string
  author: string
  style: string
  size: string
  engine: string
  seed: number
  prompt: string
  bpm: number
  tonic: string
  mode: string
  mood: string
  palette: string[]
  width: number
  height: number
  pngPath: string
  thumbPath: string
  bytes: number
  favourite: boolean
  createdAt: string
  subtitle: string
  /** The raw artwork (PNG, lossless), for art-only downloads and re-composing; null on older posters. */
  artPath: string | null
  /** The artwork as SVG when the engine drew vectors; null otherwise. */
  artSvgPath: string | null
  /** The artwork was enlarged to fit the poster. */
  upscaled: boolean
  /** What the poster was composed from besides artwork and words (poster/ PosterText); null on older posters. */
  compose: unknown
}

export type NewPoster = Omit<
  PosterRecord,
  'id' | 'favourite' | 'createdAt' | 'subtitle' | 'artPath' | 'artSvgPath' | 'upscaled' | 'compose'
> &
  Partial<Pick<PosterRecord, 'subtitle' | 'artPath' | 'artSvgPath' | 'upscaled' | 'compose'>> & { createdAt?: string }

/** New words on a re-composed poster, and its new file size. */
export interface PosterWords {
  title: string
  author: string
  subtitle: string
  bytes: number
}

export interface PosterFilter {
  style?: string
  engine?: string
  tonic?: string
  mode?: string
  mood?: string
  bpmMin?: number
  bpmMax?: number
  favourite?: boolean
  jobId?: string
  /** Free text over title and artist (FTS5, prefix match per word). */
  q?: string
  /** Return posters with id < before (keyset cursor). */
  before?: number
  /** 1-100 */
  limit?: number
}

interface Row {
  id: number
  job_id: string
  idx: number
  audio_id: string | null
  title: string
  author: string
  style: string
  size: string
  engine: string
  seed: number
  prompt: string
  bpm: number
  tonic: string
  mode: string
  mood: string
  palette: string
  width: number
  height: number
  png_path: string
  thumb_path: string
  bytes: number
  favourite: number
  created_at: string
  subtitle: string
  art_path: string | null
  art_svg_path: string | null
  upscaled: number
  compose_json: string | null
}

const toRecord = (r: Row): PosterRecord => ({
  id: r.id,
  jobId: r.job_id,
  idx: r.idx,
  audioId: r.audio_id,
  title: r.title,
  author: r.author,
  style: r.style,
  size: r.size,
  engine: r.engine,
  seed: r.seed,
  prompt: r.prompt,
  bpm: r.bpm,
  tonic: r.tonic,
  mode: r.mode,
  mood: r.mood,
  palette: JSON.parse(r.palette),
  width: r.width,
  height: r.height,
  pngPath: r.png_path,
  thumbPath: r.thumb_path,
  bytes: r.bytes,
  favourite: r.favourite === 1,
  createdAt: r.created_at,
  subtitle: r.subtitle,
  artPath: r.art_path,
  artSvgPath: r.art_svg_path,
  upscaled: r.upscaled === 1,
  compose: r.compose_json ? JSON.parse(r.compose_json) : null,
})

/** Turns user text into a safe FTS5 query: each word quoted, prefix-matched, all required. */
export function ftsQuery(text: string): string | undefined {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8)
  return words.length ? words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ') : undefined
}

export function createPostersRepo(db: Db) {
  const insert =
    db.prepare(`INSERT INTO posters (job_id, idx, audio_id, title, author, style, size, engine, seed, prompt, bpm,
      tonic, mode, mood, palette, width, height, png_path, thumb_path, bytes, created_at, subtitle, art_path,
      art_svg_path, upscaled, compose_json)
    VALUES (@jobId, @idx, @audioId, @title, @author, @style, @size, @engine, @seed, @prompt, @bpm, @tonic, @mode,
      @mood, @palette, @width, @height, @pngPath, @thumbPath, @bytes, @createdAt, @subtitle, @artPath, @artSvgPath,
      @upscaled, @compose)`)
  const get = db.prepare('SELECT * FROM posters WHERE id = ?')
  const byJob = db.prepare('SELECT * FROM posters WHERE job_id = ? ORDER BY idx')
  const fav = db.prepare('UPDATE posters SET favourite = ? WHERE id = ?')
  const words = db.prepare(
    'UPDATE posters SET title = @title, author = @author, subtitle = @subtitle, bytes = @bytes WHERE id = @id',
  )
  const del = db.prepare('DELETE FROM posters WHERE id = ?')
  const delJob = db.prepare('DELETE FROM posters WHERE job_id = ?')
  const all = db.prepare('SELECT id, png_path, thumb_path, art_path, art_svg_path FROM posters')
  const count = db.prepare('SELECT COUNT(*) FROM posters')

  return {
    insert(p: NewPoster): PosterRecord {
      const info = insert.run({
        ...p,
        subtitle: p.subtitle ?? '',
        artPath: p.artPath ?? null,
        artSvgPath: p.artSvgPath ?? null,
        upscaled: p.upscaled ? 1 : 0,
        compose: p.compose === undefined ? null : JSON.stringify(p.compose),
        palette: JSON.stringify(p.palette),
        createdAt: p.createdAt ?? new Date().toISOString(),
      })
      return this.get(Number(info.lastInsertRowid))!
    },
    get(id: number): PosterRecord | undefined {
      const r = get.get(id) as Row | undefined
      return r && toRecord(r)
    },
    byJob(jobId: string): PosterRecord[] {
      return (byJob.all(jobId) as Row[]).map(toRecord)
    },
    setFavourite(id: number, on: boolean): boolean {
      return fav.run(on ? 1 : 0, id).changes === 1
    },
    setWords(id: number, w: PosterWords): boolean {
      return words.run({ ...w, id }).changes === 1
    },
    delete(id: number): boolean {
      return del.run(id).changes === 1
    },
    deleteByJob(jobId: string): number {
      return delJob.run(jobId).changes
    },
    count(): number {
      return count.pluck().get() as number
    },
    /** Every poster's files, for retention and orphan checks; `extra` are the art files, which may be absent. */
    files(): { id: number; pngPath: string; thumbPath: string; extra: string[] }[] {
      type FileRow = Pick<Row, 'id' | 'png_path' | 'thumb_path' | 'art_path' | 'art_svg_path'>
      return (all.all() as FileRow[]).map((r) => ({
        id: r.id,
        pngPath: r.png_path,
        thumbPath: r.thumb_path,
        extra: [r.art_path, r.art_svg_path].filter((x): x is string => !!x),
      }))
    },
    /** One page of the gallery, newest first; `nextBefore` is the cursor for the next page. */
    list(f: PosterFilter = {}): { items: PosterRecord[]; nextBefore: number | null } {
      const where: string[] = []
      const args: Record<string, unknown> = {}
      const eq = (col: string, key: keyof PosterFilter) => {
        if (f[key] !== undefined) {
          where.push(`p.${col} = @${key}`)
          args[key] = f[key]
        }
      }
      eq('style', 'style')
      eq('engine', 'engine')
      eq('tonic', 'tonic')
      eq('mode', 'mode')
      eq('mood', 'mood')
      eq('job_id', 'jobId')
      if (f.bpmMin !== undefined) {
        where.push('p.bpm >= @bpmMin')
        args.bpmMin = f.bpmMin
      }
      if (f.bpmMax !== undefined) {
        where.push('p.bpm <= @bpmMax')
        args.bpmMax = f.bpmMax
      }
      if (f.favourite !== undefined) {
        where.push('p.favourite = @favourite')
        args.favourite = f.favourite ? 1 : 0
      }
      if (f.before !== undefined) {
        where.push('p.id < @before')
        args.before = f.before
      }
      const fts = f.q ? ftsQuery(f.q) : undefined
      if (f.q && !fts) return { items: [], nextBefore: null }
      if (fts) {
        where.push('p.id IN (SELECT rowid FROM posters_fts WHERE posters_fts MATCH @fts)')
        args.fts = fts
      }
      const limit = Math.min(Math.max(f.limit ?? 24, 1), 100)
      args.limit = limit + 1
      const sql = `SELECT p.* FROM posters p ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY p.id DESC LIMIT @limit`
      const rows = db.prepare(sql).all(args) as Row[]
      const items = rows.slice(0, limit).map(toRecord)
      return { items, nextBefore: rows.length > limit ? items[items.length - 1].id : null }
    },
  }
}

export type PostersRepo = ReturnType<typeof createPostersRepo>
