// Share links: one unguessable token per shared poster. Deleting the poster deletes its link (cascade).
import type { Db } from './db.ts'

export interface ShareRecord {
  token: string
  posterId: number
  createdAt: string
}

interface Row {
  token: string
  poster_id: number
  created_at: string
}

const toRecord = (r: Row): ShareRecord => ({ token: r.token, posterId: r.poster_id, createdAt: r.created_at })

export function createSharesRepo(db: Db) {
  const q = {
    insert: db.prepare('INSERT OR IGNORE INTO shares (token, poster_id, created_at) VALUES (?, ?, ?)'),
    byPoster: db.prepare('SELECT * FROM shares WHERE poster_id = ?'),
    byToken: db.prepare('SELECT * FROM shares WHERE token = ?'),
    revoke: db.prepare('DELETE FROM shares WHERE poster_id = ?'),
    list: db.prepare('SELECT * FROM shares ORDER BY created_at DESC, poster_id DESC LIMIT ?'),
  }
  return {
    /** The poster's link: the existing one, or a new one with `token` (the caller makes it random). */
    share(posterId: number, token: string): ShareRecord {
      q.insert.run(token, posterId, new Date().toISOString())
      return toRecord(q.byPoster.get(posterId) as Row)
    },
    byToken(token: string): ShareRecord | undefined {
      const r = q.byToken.get(token) as Row | undefined
      return r && toRecord(r)
    },
    byPoster(posterId: number): ShareRecord | undefined {
      const r = q.byPoster.get(posterId) as Row | undefined
      return r && toRecord(r)
    },
    /** True when there was a link to remove. */
    revoke(posterId: number): boolean {
      return q.revoke.run(posterId).changes > 0
    },
    list(limit = 100): ShareRecord[] {
      return (q.list.all(limit) as Row[]).map(toRecord)
    },
  }
}

export type SharesRepo = ReturnType<typeof createSharesRepo>
