// Prometheus metrics (prom-client): one registry per process, every metric defined here so
// /metrics documents itself. Modules import the metric they update; nothing else.
import client from 'prom-client'

export const registry = new client.Registry()
client.collectDefaultMetrics({ register: registry })

export const httpDuration = new client.Histogram({
  name: 'mus2pic_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  registers: [registry],
})

export const jobStageDuration = new client.Histogram({
  name: 'mus2pic_job_stage_duration_seconds',
  help: 'Time spent in each job stage',
  labelNames: ['stage'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
  registers: [registry],
})

export const jobsFinished = new client.Counter({
  name: 'mus2pic_jobs_finished_total',
  help: 'Jobs finished by final state',
  labelNames: ['state'] as const,
  registers: [registry],
})

export const queueDepth = new client.Gauge({
  name: 'mus2pic_queue_depth',
  help: 'Jobs not yet finished',
  registers: [registry],
})

export const audioCacheLookups = new client.Counter({
  name: 'mus2pic_audio_cache_lookups_total',
  help: 'Audio cache lookups by result (hit ratio = hit / (hit + miss))',
  labelNames: ['result'] as const,
  registers: [registry],
})

export const engineStepDuration = new client.Histogram({
  name: 'mus2pic_engine_step_duration_seconds',
  help: 'Time per engine step (one denoising step of a batch, or one sketch image)',
  labelNames: ['engine'] as const,
  buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
})

export const modelLoadSeconds = new client.Gauge({
  name: 'mus2pic_model_load_seconds',
  help: 'Time the image engine took to load its model',
  labelNames: ['engine'] as const,
  registers: [registry],
})

/** Posters each remote worker delivered (scale-out): per-worker throughput. */
export const workerPosters = new client.Counter({
  name: 'mus2pic_worker_posters_total',
  help: 'Posters delivered by each remote worker',
  labelNames: ['worker'],
  registers: [registry],
})

let queueCounts: (() => Promise<Record<string, number>>) | undefined
/** Scale-out: where /metrics reads the cluster queue's counts at each scrape. */
export function observeQueue(fn: () => Promise<Record<string, number>>): void {
  queueCounts = fn
}

/** BullMQ queue depth by state (waiting, prioritized, delayed, active, completed, failed), cluster-wide. */
export const clusterQueueJobs = new client.Gauge({
  name: 'mus2pic_queue_jobs',
  help: 'Jobs in the BullMQ queue by state (scale-out only)',
  labelNames: ['state'],
  registers: [registry],
  async collect() {
    const counts = await queueCounts?.().catch(() => undefined)
    for (const [state, n] of Object.entries(counts ?? {})) this.set({ state }, n)
  },
})

export const analysesRun = new client.Counter({
  name: 'mus2pic_analyses_total',
  help: 'Whole-track analyses run in the worker pool, by outcome (done, failed, cancelled, busy)',
  labelNames: ['result'] as const,
  registers: [registry],
})
