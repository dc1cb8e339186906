// Batches: several songs made with the same options; a batch is the list of its jobs, in input order.
import type { Db } from './db.ts'

export interface BatchRecord {
  id: string
  jobIds: string[]
  createdAt: string
}

export function createBatchesRepo(db: Db) {
  const q = {
    insert: db.prepare('INSERT INTO batches (id, created_at) VALUES (?, ?)'),
    addJob: db.prepare('INSERT INTO batch_jobs (batch_id, idx, job_id) VALUES (?, ?, ?)'),
    get: db.prepare('SELECT id, created_at FROM batches WHERE id = ?'),
    jobs: db.prepare('SELECT job_id FROM batch_jobs WHERE batch_id = ? ORDER BY idx'),
  }
  return {
    create: db.transaction((id: string, jobIds: string[]) => {
      q.insert.run(id, new Date().toISOString())
      jobIds.forEach((j, i) => q.addJob.run(id, i, j))
    }) as (id: string, jobIds: string[]) => void,
    get(id: string): BatchRecord | undefined {
      const r = q.get.get(id) as { id: string; created_at: string } | undefined
      return r && { id: r.id, createdAt: r.created_at, jobIds: q.jobs.pluck().all(id) as string[] }
    },
  }
}

export type BatchesRepo = ReturnType<typeof createBatchesRepo>
