// Server-Sent Events for one job: replays what the client missed (Last-Event-ID), then streams
// live events until the job reaches a final state. Subscribes before replaying so nothing falls
// between the two; duplicates are dropped by sequence number.
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { JobEvent, JobEvents } from '../jobs/events.ts'
import { isFinal, type JobState } from '../store/index.ts'

const isEnd = (e: JobEvent) => e.type === 'state' && isFinal((e.data as { state: JobState }).state)

export function streamJobEvents(c: Context, jobId: string, events: JobEvents, keepAliveMs = 15_000) {
  const header = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? '0'
  const lastSeen = /^\d{1,9}$/.test(header) ? Number(header) : 0
  return streamSSE(c, async (stream) => {
    const pending: JobEvent[] = []
    let wake: (() => void) | undefined
    const unsubscribe = events.subscribe(jobId, (e) => {
      pending.push(e)
      wake?.()
    })
    stream.onAbort(() => wake?.())
    let sent = lastSeen
    let ended = false
    const send = async (e: JobEvent) => {
      if (e.seq <= sent) return
      await stream.writeSSE({ id: String(e.seq), event: e.type, data: JSON.stringify(e.data) })
      sent = e.seq
      if (isEnd(e)) ended = true
    }
    try {
      for (const e of events.replay(jobId, lastSeen)) await send(e)
      while (!ended && !stream.aborted) {
        while (pending.length && !ended) await send(pending.shift()!)
        if (ended) break
        const timedOut = await new Promise<boolean>((resolve) => {
          const t = setTimeout(() => resolve(true), keepAliveMs)
          wake = () => {
            clearTimeout(t)
            resolve(false)
          }
        })
        wake = undefined
        if (timedOut && !stream.aborted) await stream.write(': keep-alive\n\n')
      }
    } finally {
      unsubscribe()
    }
  })
}
