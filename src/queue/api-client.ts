// A worker's line to the API: job status (what is already delivered), upload audio, and poster
// delivery. Transient failures (network, 5xx, 429) are retried with capped exponential backoff;
// a finished poster is never dropped while the job is alive: delivery retries until the API takes it.
import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AppError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { PosterOutput } from '../poster/types.ts'
import type { PosterDelivery } from './messages.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export interface ApiClientOptions {
  baseUrl: string
  token: string
  worker: string
  logger: Logger
  /** First retry delay and cap, ms (tests shorten them). */
  backoffMs?: number
  maxBackoffMs?: number
}

export class ApiClient {
  constructor(private readonly o: ApiClientOptions) {}

  /** The job as the API sees it: its state and the poster indices it already has. */
  async jobStatus(jobId: string, signal?: AbortSignal): Promise<{ state: string; delivered: number[] }> {
    const res = await this.request(`/api/worker/jobs/${jobId}`, { method: 'GET' }, signal)
    return (await res.json()) as { state: string; delivered: number[] }
  }

  /** Streams an uploaded track from the API into `dest`; returns the title and artist the API knows it by. */
  async downloadAudio(
    audioId: string,
    dest: string,
    signal?: AbortSignal,
  ): Promise<{ title?: string; author?: string }> {
    const res = await this.request(`/api/worker/audio/${audioId}`, { method: 'GET' }, signal)
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(dest))
    const header = (name: string) => {
      const v = res.headers.get(name)
      return v === null ? undefined : decodeURIComponent(v)
    }
    return { title: header('x-mus2pic-title'), author: header('x-mus2pic-author') }
  }

  /** Hands a finished poster to the API; false when the API no longer wants it (job cancelled). */
  async deliverPoster(jobId: string, facts: PosterDelivery, out: PosterOutput & { artSvg?: string }): Promise<boolean> {
    const body = () => {
      const form = new FormData()
      form.set('facts', JSON.stringify(facts))
      form.set('png', new Blob([new Uint8Array(out.png)], { type: 'image/png' }), 'poster.png')
      form.set('thumb', new Blob([new Uint8Array(out.thumbWebp)], { type: 'image/webp' }), 'thumb.webp')
      // the raw artwork travels too: the API re-composes from it when a person edits the words
      form.set('art', new Blob([new Uint8Array(out.artPng)], { type: 'image/png' }), 'art.png')
      if (out.artSvg) form.set('artSvg', new Blob([out.artSvg], { type: 'image/svg+xml' }), 'art.svg')
      return form
    }
    try {
      await this.request(`/api/worker/jobs/${jobId}/posters/${facts.index}`, { method: 'PUT', body }, undefined, true)
      return true
    } catch (e) {
      if (e instanceof AppError && (e.code === 'JOB_NOT_CANCELLABLE' || e.code === 'JOB_NOT_FOUND')) return false
      throw e
    }
  }

  private async request(
    path: string,
    init: { method: string; body?: () => FormData },
    signal?: AbortSignal,
    forever = false,
  ): Promise<Response> {
    let delay = this.o.backoffMs ?? 250
    const cap = this.o.maxBackoffMs ?? 30_000
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted()
      let res: Response | undefined
      let why: string
      try {
        res = await fetch(new URL(path, this.o.baseUrl), {
          method: init.method,
          body: init.body?.(),
          signal,
          headers: { authorization: `Bearer ${this.o.token}`, 'x-mus2pic-worker': this.o.worker },
        })
        if (res.ok) return res
        why = `HTTP ${res.status}`
        if (res.status < 500 && res.status !== 429) {
          const err = ((await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } }).error
          throw new AppError((err?.code as never) ?? 'INTERNAL', err?.message ?? `the API answered ${res.status}`)
        }
      } catch (e) {
        if (e instanceof AppError || signal?.aborted) throw e
        why = (e as Error).message
      }
      if (!forever && attempt >= 6) throw new AppError('NETWORK', `cannot reach the API at ${this.o.baseUrl}: ${why}`)
      this.o.logger.warn({ path, attempt, why, retryInMs: delay }, 'API not reachable; retrying')
      await sleep(delay)
      delay = Math.min(cap, delay * 2)
    }
  }
}
