// Job events: persisted first (so replay after reconnect or restart sees them), then pushed to
// live subscribers (SSE). Sequence numbers are per job and double as SSE event IDs.
import { EventEmitter } from 'node:events'
import type { JobEvent, JobsRepo } from '../store/index.ts'

export type { JobEvent }

export class JobEvents {
  private readonly emitter = new EventEmitter()
  constructor(private readonly jobs: JobsRepo) {
    this.emitter.setMaxListeners(0)
  }

  publish(jobId: string, type: string, data: unknown): JobEvent {
    const ev = this.jobs.addEvent(jobId, type, data)
    this.emitter.emit(jobId, ev)
    return ev
  }

  /** Live events only; pair with replay() (subscribe first, then replay, dedupe by seq). */
  subscribe(jobId: string, fn: (e: JobEvent) => void): () => void {
    this.emitter.on(jobId, fn)
    return () => this.emitter.off(jobId, fn)
  }

  replay(jobId: string, afterSeq = 0): JobEvent[] {
    return this.jobs.eventsAfter(jobId, afterSeq)
  }
}
