// Job events: persisted first (so replay after reconnect or restart sees them), then pushed to
// live subscribers (SSE). Sequence numbers are per job and double as SSE event IDs.
import { EventEmitter } from 'node:events'
import { isFinal, type JobEvent, type JobState, type JobsRepo } from '../store/index.ts'

export type { JobEvent }

export class JobEvents {
  private readonly emitter = new EventEmitter()
  constructor(private readonly jobs: JobsRepo) {
    this.emitter.setMaxListeners(0)
  }

  /** Last sequence number of each unfinished job: numbers an event the store refused. */
  private readonly lastSeq = new Map<string, number>()

  /**
   * Stores then pushes an event. `bestEffort`: when the store refuses (a full disk), the event is still
   * pushed live, numbered after the last one, so streams end instead of hanging.
   */
  publish(jobId: string, type: string, data: unknown, o: { bestEffort?: boolean } = {}): JobEvent {
    let ev: JobEvent
    try {
      ev = this.jobs.addEvent(jobId, type, data)
    } catch (e) {
      if (!o.bestEffort) throw e
      ev = { seq: (this.lastSeq.get(jobId) ?? 0) + 1, type, data, at: new Date().toISOString() }
    }
    this.lastSeq.set(jobId, ev.seq)
    if (type === 'state' && isFinal((data as { state: JobState }).state)) this.lastSeq.delete(jobId)
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
