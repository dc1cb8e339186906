// Jobs and their event log. Every state change and event is a row before anyone is told about it,
// so SSE replay (Last-Event-ID) and restart recovery read the same truth.
import type { Db } from './db.ts'

export const JOB_STATES = [
  'queued',
  'fetching',
  'analyzing',
  'prompting',
  'awaiting_prompts',
  'generating',
  'composing',
  'done',
  'failed',
  'cancelled',
] as const
export type JobState = (typeof JOB_STATES)[number]
export const FINAL_STATES: readonly JobState[] = ['done', 'failed', 'cancelled']
export const isFinal = (s: JobState) => FINAL_STATES.includes(s)
/** States of a job that has not ended. */
export const ACTIVE_STATES: readonly JobState[] = JOB_STATES.filter((s) => !isFinal(s))

export interface JobRecord {
  id: string
  state: JobState
  input: unknown
  options: unknown
  audioId: string | null
  error: { code: string; message: string } | null
  timings: Record<string, number>
  result: unknown
  attempts: number
  createdAt: string
  updatedAt: string
  finishedAt: string | null
}

export interface JobEvent {
  seq: number
  type: string
  data: unknown
  at: string
}

interface Row {
  id: string
  state: JobState
  input_json: string
  options_json: string
  audio_id: string | null
  error_code: string | null
  error_message: string | null
  timings_json: string
  result_json: string | null
  attempts: number
  created_at: string
  updated_at: string
  finished_at: string | null
}

const toRecord = (r: Row): JobRecord => ({
  id: r.id,
  state: r.state,
  input: JSON.parse(r.input_json),
  options: JSON.parse(r.options_json),
  audioId: r.audio_id,
  error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
  timings: JSON.parse(r.timings_json),
  result: r.result_json ? JSON.parse(r.result_json) : null,
  attempts: r.attempts,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
})

export function createJobsRepo(db: Db) {
  const q = {
    insert: db.prepare(
      'INSERT INTO jobs (id, state, input_json, options_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    get: db.prepare('SELECT * FROM jobs WHERE id = ?'),
    setState: db.prepare('UPDATE jobs SET state = ?, updated_at = ?, finished_at = ? WHERE id = ?'),
    setAudio: db.prepare('UPDATE jobs SET audio_id = ?, updated_at = ? WHERE id = ?'),
    setError: db.prepare('UPDATE jobs SET error_code = ?, error_message = ? WHERE id = ?'),
    setTimings: db.prepare('UPDATE jobs SET timings_json = ? WHERE id = ?'),
    setResult: db.prepare('UPDATE jobs SET result_json = ? WHERE id = ?'),
    setOptions: db.prepare('UPDATE jobs SET options_json = ?, updated_at = ? WHERE id = ?'),
    bumpAttempts: db.prepare('UPDATE jobs SET attempts = attempts + 1 WHERE id = ?'),
    byStates: db.prepare(`SELECT * FROM jobs WHERE state IN (SELECT value FROM json_each(?)) ORDER BY created_at, id`),
    countActive: db.prepare(`SELECT COUNT(*) FROM jobs WHERE state NOT IN ('done','failed','cancelled')`),
    nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM job_events WHERE job_id = ?'),
    addEvent: db.prepare('INSERT INTO job_events (job_id, seq, type, data, at) VALUES (?, ?, ?, ?, ?)'),
    events: db.prepare('SELECT seq, type, data, at FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq'),
    list: db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?'),
    oldFinished: db.prepare(`SELECT id FROM jobs WHERE state IN ('done','failed','cancelled') AND finished_at < ?`),
    delete: db.prepare('DELETE FROM jobs WHERE id = ?'),
  }
  const now = () => new Date().toISOString()

  return {
    create(id: string, input: unknown, options: unknown): JobRecord {
      const t = now()
      q.insert.run(id, 'queued', JSON.stringify(input), JSON.stringify(options), t, t)
      return this.get(id)!
    },
    get(id: string): JobRecord | undefined {
      const r = q.get.get(id) as Row | undefined
      return r && toRecord(r)
    },
    list(limit = 50): JobRecord[] {
      return (q.list.all(limit) as Row[]).map(toRecord)
    },
    setState(id: string, state: JobState): void {
      q.setState.run(state, now(), isFinal(state) ? now() : null, id)
    },
    setAudio(id: string, audioId: string): void {
      q.setAudio.run(audioId, now(), id)
    },
    setError(id: string, code: string, message: string): void {
      q.setError.run(code, message, id)
    },
    setTimings(id: string, timings: Record<string, number>): void {
      q.setTimings.run(JSON.stringify(timings), id)
    },
    setResult(id: string, result: unknown): void {
      q.setResult.run(JSON.stringify(result), id)
    },
    /** Replaces the stored options (reviewed prompts). */
    setOptions(id: string, options: unknown): void {
      q.setOptions.run(JSON.stringify(options), now(), id)
    },
    bumpAttempts(id: string): void {
      q.bumpAttempts.run(id)
    },
    inStates(states: readonly JobState[]): JobRecord[] {
      return (q.byStates.all(JSON.stringify(states)) as Row[]).map(toRecord)
    },
    countActive(): number {
      return q.countActive.pluck().get() as number
    },
    /** Appends an event and returns it with its sequence number (1, 2, ...). */
    addEvent(jobId: string, type: string, data: unknown): JobEvent {
      const at = now()
      const seq = db.transaction(() => {
        const s = q.nextSeq.pluck().get(jobId) as number
        q.addEvent.run(jobId, s, type, JSON.stringify(data), at)
        return s
      })()
      return { seq, type, data, at }
    },
    eventsAfter(jobId: string, afterSeq = 0): JobEvent[] {
      return (q.events.all(jobId, afterSeq) as { seq: number; type: string; data: string; at: string }[]).map((e) => ({
        ...e,
        data: JSON.parse(e.data),
      }))
    },
    finishedBefore(iso: string): string[] {
      return q.oldFinished.pluck().all(iso) as string[]
    },
    delete(id: string): void {
      q.delete.run(id)
    },
  }
}

export type JobsRepo = ReturnType<typeof createJobsRepo>
