// Bounded exponential backoff for transient failures (code NETWORK): the cache wraps source calls
// in it, so a dropped connection resumes instead of failing the job.
import { AppError, cancelled } from '../errors.ts'

export interface RetryOptions {
  /** Total tries including the first, 1-10; default 4. */
  attempts?: number
  /** First wait in ms; doubles each time (with +-25% jitter), capped at maxMs. Default 500. */
  baseMs?: number
  /** Longest single wait in ms; default 8000. */
  maxMs?: number
  signal?: AbortSignal
  /** Which errors are worth another try; default: AppError code NETWORK. */
  retryable?: (e: unknown) => boolean
  /** Called before each wait, for logs. */
  onRetry?: (e: unknown, attempt: number, waitMs: number) => void
}

export const isNetworkError = (e: unknown) => e instanceof AppError && e.code === 'NETWORK'

/** Runs fn(attempt) until it succeeds, a non-retryable error occurs, or attempts run out (last error rethrown). */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, Math.min(10, o.attempts ?? 4))
  const retryable = o.retryable ?? isNetworkError
  for (let attempt = 1; ; attempt++) {
    if (o.signal?.aborted) throw cancelled('download')
    try {
      return await fn(attempt)
    } catch (e) {
      if (attempt >= attempts || !retryable(e) || o.signal?.aborted) throw e
      const base = Math.min(o.maxMs ?? 8000, (o.baseMs ?? 500) * 2 ** (attempt - 1))
      const waitMs = Math.round(base * (0.75 + Math.random() * 0.5))
      o.onRetry?.(e, attempt, waitMs)
      await sleep(waitMs, o.signal)
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(done, ms)
    function done() {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }
    function onAbort() {
      clearTimeout(t)
      reject(cancelled('download'))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
