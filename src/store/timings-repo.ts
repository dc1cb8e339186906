// How long each job stage took, per engine, device, size and steps, with the track length and the
// number of variations: a rolling window per key that the ETA estimator reads.
import type { Db } from './db.ts'

export interface TimingKey {
  engine: string
  device: string
  size: string
  steps: number
}

export interface StageTiming {
  stage: string
  /** Milliseconds the stage took. */
  ms: number
  /** Track length in seconds. */
  trackSec: number
  variations: number
}

/** Samples kept per key and stage; older ones are deleted as new ones arrive. */
export const TIMING_WINDOW = 20

export function createTimingsRepo(db: Db) {
  const insert =
    db.prepare(`INSERT INTO stage_timings (engine, device, size, steps, stage, ms, track_sec, variations, at)
    VALUES (@engine, @device, @size, @steps, @stage, @ms, @trackSec, @variations, @at)`)
  const trim = db.prepare(`DELETE FROM stage_timings WHERE engine = @engine AND device = @device AND size = @size
    AND steps = @steps AND stage = @stage AND id NOT IN (SELECT id FROM stage_timings WHERE engine = @engine
    AND device = @device AND size = @size AND steps = @steps AND stage = @stage ORDER BY id DESC LIMIT @keep)`)
  const recent = db.prepare(`SELECT stage, ms, track_sec AS trackSec, variations FROM stage_timings
    WHERE engine = @engine AND device = @device AND size = @size AND steps = @steps ORDER BY id DESC`)
  return {
    /** Records the stages of one finished job, trimming each stage's window. */
    record(key: TimingKey, rows: StageTiming[]): void {
      db.transaction(() => {
        const at = new Date().toISOString()
        for (const r of rows) {
          insert.run({ ...key, ...r, at })
          trim.run({ ...key, stage: r.stage, keep: TIMING_WINDOW })
        }
      })()
    },
    /** The window for a key, newest first. */
    recent(key: TimingKey): StageTiming[] {
      return recent.all(key) as StageTiming[]
    },
  }
}
