// Keeps disk and database in step: removes poster files no row points to (temp files from a crash
// included), rows whose files are gone, and, when RETENTION_DAYS > 0, finished jobs older than that.
// Rows go before files, so no row ever points at a missing file.
import { existsSync } from 'node:fs'
import { rmdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Store } from '../store/index.ts'
import { POSTERS_DIR, listPosterFiles, removeFiles, resolveInside } from './poster-files.ts'
import { JOB_STATES, isFinal } from '../store/index.ts'

const RUNNING = JOB_STATES.filter((s) => !isFinal(s))

export interface SweepReport {
  jobsRemoved: number
  rowsRemoved: number
  filesRemoved: number
}

export async function sweep(store: Store, dataDir: string, retentionDays = 0, now = Date.now()): Promise<SweepReport> {
  const report: SweepReport = { jobsRemoved: 0, rowsRemoved: 0, filesRemoved: 0 }
  if (retentionDays > 0) {
    const cutoff = new Date(now - retentionDays * 86400_000).toISOString()
    for (const id of store.jobs.finishedBefore(cutoff)) {
      store.jobs.delete(id) // cascades to posters, prompts, events
      report.jobsRemoved++
    }
  }
  for (const f of store.posters.files()) {
    const ok = [f.pngPath, f.thumbPath].every((p) => {
      const full = resolveInside(dataDir, p)
      return full !== undefined && existsSync(full)
    })
    if (!ok && store.posters.delete(f.id)) report.rowsRemoved++
  }
  const referenced = new Set(store.posters.files().flatMap((f) => [f.pngPath, f.thumbPath, ...f.extra]))
  // Jobs still running may have a file renamed into place whose row is a moment away.
  const active = new Set(store.jobs.inStates(RUNNING).map((j) => join(POSTERS_DIR, j.id)))
  const orphans = (await listPosterFiles(dataDir)).filter((p) => !referenced.has(p) && !active.has(dirname(p)))
  await removeFiles(dataDir, orphans)
  report.filesRemoved = orphans.length
  for (const dir of new Set(orphans.map((p) => dirname(p)))) await rmdir(join(dataDir, dir)).catch(() => {})
  return report
}
