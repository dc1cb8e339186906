// The store: one SQLite file, the only module that writes SQL. openStore() hands out the repositories.
import { join } from 'node:path'
import { checkpoint, openDb, type Db } from './db.ts'
import { createJobsRepo } from './jobs-repo.ts'
import { createMediaRepo } from './media-repo.ts'
import { createPostersRepo } from './posters-repo.ts'
import { createBatchesRepo } from './batches-repo.ts'
import { createSharesRepo } from './shares-repo.ts'
import { createTimingsRepo } from './timings-repo.ts'

export * from './jobs-repo.ts'
export * from './posters-repo.ts'
export * from './media-repo.ts'
export * from './timings-repo.ts'
export * from './shares-repo.ts'
export * from './batches-repo.ts'
export type { Db } from './db.ts'

export interface Store {
  db: Db
  jobs: ReturnType<typeof createJobsRepo>
  posters: ReturnType<typeof createPostersRepo>
  media: ReturnType<typeof createMediaRepo>
  timings: ReturnType<typeof createTimingsRepo>
  shares: ReturnType<typeof createSharesRepo>
  batches: ReturnType<typeof createBatchesRepo>
  /** True when a trivial query answers (for /readyz). */
  ping(): boolean
  close(): void
}

/** Opens `<dataDir>/mus2pic.db` (or ':memory:'). */
export function openStore(dataDir: string | ':memory:'): Store {
  const db = openDb(dataDir === ':memory:' ? ':memory:' : join(dataDir, 'mus2pic.db'))
  return {
    db,
    jobs: createJobsRepo(db),
    posters: createPostersRepo(db),
    media: createMediaRepo(db),
    timings: createTimingsRepo(db),
    shares: createSharesRepo(db),
    batches: createBatchesRepo(db),
    ping: () => {
      try {
        return db.prepare('SELECT 1').pluck().get() === 1
      } catch {
        return false
      }
    },
    close: () => {
      if (!db.open) return
      checkpoint(db)
      db.close()
    },
  }
}
