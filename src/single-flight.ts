// Single-flight: concurrent callers asking for the same key share one run of the work and its
// result. Each caller may leave on its own (its AbortSignal); the work is aborted only when the last
// caller has left. Progress events are broadcast, and the ones already sent are replayed to late joiners.
import { cancelled, throwIfAborted } from './errors.ts'

export interface FlightHooks<E> {
  signal?: AbortSignal
  onEvent?: (e: E) => void
}

/** The work of one flight: gets the shared signal and an emitter for progress events. */
export type FlightWork<T, E> = (signal: AbortSignal, emit: (e: E) => void) => Promise<T>

export interface SingleFlight<T, E> {
  /** Joins the running flight for `key`, or starts `work` when there is none. */
  run(key: string, work: FlightWork<T, E>, hooks?: FlightHooks<E>): Promise<{ value: T; joined: boolean }>
  /** True while a flight for `key` runs. */
  has(key: string): boolean
}

interface Flight<T, E> {
  controller: AbortController
  events: E[]
  listeners: Set<(e: E) => void>
  callers: number
  promise: Promise<T>
}

/** `what` names the work in CANCELLED messages ("analysis was cancelled"). */
export function createSingleFlight<T, E>(what = 'operation'): SingleFlight<T, E> {
  const flights = new Map<string, Flight<T, E>>()

  const start = (key: string, work: FlightWork<T, E>): Flight<T, E> => {
    const controller = new AbortController()
    const events: E[] = []
    const listeners = new Set<(e: E) => void>()
    const emit = (e: E) => {
      events.push(e)
      for (const l of listeners) l(e)
    }
    // Started on the next microtask, after the first caller has subscribed to its events.
    const promise = Promise.resolve()
      .then(() => {
        throwIfAborted(controller.signal, what) // every caller left before it began
        return work(controller.signal, emit)
      })
      .finally(() => {
        if (flights.get(key) === f) flights.delete(key)
      })
    const f: Flight<T, E> = { controller, events, listeners, callers: 0, promise }
    f.promise.catch(() => {}) // every caller may have left: nobody else would observe a failure
    flights.set(key, f)
    return f
  }

  return {
    has: (key) => flights.has(key),
    run(key, work, hooks = {}) {
      if (hooks.signal?.aborted) return Promise.reject(cancelled(what))
      const existing = flights.get(key)
      const f = existing ?? start(key, work)
      f.callers++
      const listener = (e: E) => hooks.onEvent?.(e)
      for (const e of f.events) listener(e)
      f.listeners.add(listener)
      return new Promise((resolve, reject) => {
        const leave = () => {
          f.listeners.delete(listener)
          hooks.signal?.removeEventListener('abort', onAbort)
        }
        const onAbort = () => {
          leave()
          reject(cancelled(what))
          if (--f.callers > 0) return
          // Nobody waits any more: stop the work, and let the next caller start afresh.
          if (flights.get(key) === f) flights.delete(key)
          f.controller.abort()
        }
        hooks.signal?.addEventListener('abort', onAbort, { once: true })
        f.promise.then(
          (value) => {
            leave()
            resolve({ value, joined: existing !== undefined })
          },
          (e) => {
            leave()
            reject(e)
          },
        )
      })
    },
  }
}
