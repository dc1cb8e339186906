// Redis connections for BullMQ: one per role (queue, events, workers, pub/sub), as BullMQ requires for
// blocking commands; workers need maxRetriesPerRequest null so a Redis blip does not fail their jobs.
import { Redis } from 'ioredis'

export function redisConnection(url: string, o: { blocking?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: o.blocking ? null : 3,
    enableReadyCheck: true,
    lazyConnect: false,
  })
}
