// A counting semaphore with abortable waits: caps concurrent downloads (MAX_CONCURRENT_DOWNLOADS).
import { cancelled } from '../errors.ts'

export interface Limiter {
  /** Resolves with a release function once a slot is free; rejects CANCELLED if the signal fires first. */
  acquire(signal?: AbortSignal): Promise<() => void>
  /** Slots in use now. */
  readonly active: number
}

/** A limiter with `max` slots (>= 1), served first come, first served. */
export function createLimiter(max: number): Limiter {
  let active = 0
  const queue: { grant: () => void }[] = []
  const release = () => {
    const next = queue.shift()
    if (next) next.grant()
    else active--
  }
  const once = () => {
    let done = false
    return () => {
      if (done) return
      done = true
      release()
    }
  }
  return {
    get active() {
      return active
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(cancelled('download'))
      if (active < max) {
        active++
        return Promise.resolve(once())
      }
      return new Promise((resolve, reject) => {
        const waiter = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve(once())
          },
        }
        const onAbort = () => {
          queue.splice(queue.indexOf(waiter), 1)
          reject(cancelled('download'))
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        queue.push(waiter)
      })
    },
  }
}
