// What travels between the API and the workers: the BullMQ job payload, progress messages, the outcome,
// and a delivered poster's facts. The API owns SQLite and the poster files; workers hold no state.
import type { TrackInput } from '../ingest/types.ts'
import type { PosterOptions } from '../pipeline.ts'
import type { PosterFacts } from '../jobs/runner.ts'

/** BullMQ priorities: lower runs first; a single interactive job goes before batch jobs. */
export const PRIORITY = { interactive: 1, batch: 10 } as const

export interface QueuedJob {
  jobId: string
  input: TrackInput
  options: PosterOptions
}

/** One SSE-worthy event, sent with job.updateProgress and turned back into a job event by the API. */
export interface ProgressMessage {
  type: string
  data: Record<string, unknown>
  worker: string
}

/** The worker's return value. */
export interface JobOutcome {
  cancelled?: boolean
  worker: string
  timings: Record<string, number>
  result: Record<string, unknown>
}

/** Sent with each poster's files (multipart field `facts`). */
export interface PosterDelivery extends PosterFacts {
  index: number
  width: number
  height: number
}

/** Channel on which the API announces cancelled job IDs to every worker. */
export const cancelChannel = (queueName: string) => `${queueName}:cancel`

/** BullMQ failure reasons carry the typed error as JSON, so the API can show the same code. */
export function encodeFailure(code: string, message: string): string {
  return JSON.stringify({ code, message })
}

export function decodeFailure(reason: string | undefined): { code: string; message: string } {
  try {
    const v = JSON.parse(reason ?? '')
    if (typeof v?.code === 'string' && typeof v?.message === 'string') return v
  } catch {
    // not ours: a crash or BullMQ's own reason (e.g. stalled too many times)
  }
  return { code: 'INTERNAL', message: `the worker failed: ${String(reason ?? 'unknown reason').slice(0, 200)}` }
}
