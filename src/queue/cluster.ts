// The API's side of scale-out: jobs go onto a BullMQ queue (its identity and options stay in SQLite),
// workers' progress comes back through QueueEvents and becomes the same job events (SSE) as in-process
// runs, cancels are announced on a pub/sub channel, and a restart reconciles SQLite with the queue.
import { Queue, QueueEvents } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import type { TrackInput } from '../ingest/types.ts'
import type { Dispatcher, JobRunner } from '../jobs/runner.ts'
import type { Logger } from '../logger.ts'
import type { PosterOptions } from '../pipeline.ts'
import { ACTIVE_STATES, type JobRecord, type Store } from '../store/index.ts'
import { redisConnection } from './connection.ts'
import {
  cancelChannel,
  decodeFailure,
  PRIORITY,
  type JobOutcome,
  type ProgressMessage,
  type QueuedJob,
} from './messages.ts'

export type ClusterConfig = NonNullable<Config['cluster']>

export const QUEUE_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'] as const

export class ClusterQueue implements Dispatcher {
  readonly queue: Queue<QueuedJob, JobOutcome>
  private readonly queueEvents: QueueEvents
  private readonly pub: Redis
  /** BullMQ leaves connections it was given open: they are closed here. */
  private readonly connections: Redis[]
  private runner?: JobRunner

  constructor(
    private readonly cfg: ClusterConfig,
    private readonly logger: Logger,
  ) {
    this.connections = [redisConnection(cfg.redisUrl), redisConnection(cfg.redisUrl, { blocking: true })]
    this.queue = new Queue(cfg.queueName, { connection: this.connections[0] })
    this.queueEvents = new QueueEvents(cfg.queueName, { connection: this.connections[1] })
    this.pub = redisConnection(cfg.redisUrl)
    this.connections.push(this.pub)
    const warn = (err: Error) => logger.warn({ err: err.message }, 'redis')
    this.queue.on('error', warn)
    this.queueEvents.on('error', warn)
    this.pub.on('error', warn)
  }

  /** Starts turning worker events into job events; reconciles jobs that moved while the API was down. */
  async start(runner: JobRunner, store: Store): Promise<void> {
    this.runner = runner
    this.queueEvents.on('progress', ({ jobId, data }) => {
      const m = data as unknown as ProgressMessage
      if (m && typeof m.type === 'string') runner.applyRemote(jobId, m.type, { ...m.data, worker: m.worker })
    })
    this.queueEvents.on('completed', ({ jobId, returnvalue }) => this.onCompleted(jobId, returnvalue))
    this.queueEvents.on('failed', ({ jobId, failedReason }) => {
      runner.fail(jobId, toAppError(decodeFailure(failedReason)))
    })
    await this.queueEvents.waitUntilReady()
    await this.reconcile(store)
  }

  async enqueue(job: JobRecord): Promise<void> {
    const o = job.options as PosterOptions & { batch?: boolean }
    await this.queue.add(
      'poster',
      { jobId: job.id, input: job.input as TrackInput, options: o },
      {
        jobId: job.id, // re-adding the same job is a no-op: the queue holds each job once
        priority: o.batch ? PRIORITY.batch : PRIORITY.interactive,
        attempts: this.cfg.attempts,
        backoff: { type: 'exponential', delay: this.cfg.backoffMs },
        removeOnComplete: { age: 24 * 3600, count: 1000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    )
  }

  cancel(jobId: string): void {
    // a running job hears it on the channel; a waiting one is taken off the queue
    this.pub.publish(cancelChannel(this.cfg.queueName), jobId).catch(() => {})
    this.queue.remove(jobId).catch(() => {})
  }

  async counts(): Promise<Record<(typeof QUEUE_STATES)[number], number>> {
    return (await this.queue.getJobCounts(...QUEUE_STATES)) as Record<(typeof QUEUE_STATES)[number], number>
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.queueEvents.close(), this.queue.close()])
    for (const c of this.connections) c.disconnect()
  }

  private onCompleted(jobId: string, returnvalue: unknown): void {
    const out = (typeof returnvalue === 'string' ? safeJson(returnvalue) : returnvalue) as JobOutcome | undefined
    if (!out || out.cancelled) return // a cancelled job was finished by the API when it was cancelled
    this.runner?.completeRemote(jobId, { timings: out.timings, result: { ...out.result, worker: out.worker } })
  }

  /** Jobs the API knows as running: finished meanwhile, failed meanwhile, or missing from the queue. */
  private async reconcile(store: Store): Promise<void> {
    // a job awaiting reviewed prompts is not the queue's yet
    for (const job of store.jobs.inStates(ACTIVE_STATES.filter((st) => st !== 'awaiting_prompts'))) {
      const q = await this.queue.getJob(job.id)
      const state = q ? await q.getState() : 'missing'
      if (state === 'completed') this.onCompleted(job.id, q!.returnvalue)
      else if (state === 'failed') this.runner?.fail(job.id, toAppError(decodeFailure(q!.failedReason)))
      else if (state === 'missing' || state === 'unknown') await this.enqueue(job)
    }
    this.logger.info('queue reconciled with the job history')
  }
}

function toAppError(e: { code: string; message: string }): AppError {
  return new AppError(e.code as never, e.message)
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return undefined
  }
}
