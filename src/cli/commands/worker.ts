// `mus2pic worker`: a generation worker for scale-out (REDIS_URL, API_URL, WORKER_TOKEN);
// `mus2pic queue status`: the cluster queue's counts and the workers connected to it.
// BullMQ and the queue modules load only when these commands run.
import { AppError } from '../../errors.ts'
import { createLogger } from '../../logger.ts'
import type { Command } from './index.ts'

export const workerCommand: Command = {
  options: {},
  async run({ config }) {
    const { startWorker } = await import('../../queue/worker.ts')
    const worker = await startWorker(config, createLogger(config.logLevel))
    console.log(`Mus2Pic worker ${worker.id} is taking jobs from ${config.cluster!.queueName}`)
    await new Promise<void>((resolve) => {
      for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void worker.close().then(resolve))
    })
    return 0
  },
}

export const queueCommand: Command = {
  options: { json: { type: 'boolean' } },
  async run({ values, positionals, config }) {
    if (positionals[0] !== 'status') throw new AppError('INVALID_INPUT', 'usage: mus2pic queue status [--json]')
    if (!config.cluster) throw new AppError('CONFIG_INVALID', 'REDIS_URL is not set: there is no cluster queue')
    const [{ Queue }, { redisConnection }, { QUEUE_STATES }] = await Promise.all([
      import('bullmq'),
      import('../../queue/connection.ts'),
      import('../../queue/cluster.ts'),
    ])
    const connection = redisConnection(config.cluster.redisUrl)
    const queue = new Queue(config.cluster.queueName, { connection })
    try {
      const counts = await queue.getJobCounts(...QUEUE_STATES)
      const workers = (await queue.getWorkers()).map((w) => ({ name: w.name, addr: w.addr, idle: Number(w.idle) }))
      if (values.json) console.log(JSON.stringify({ queue: config.cluster.queueName, counts, workers }))
      else {
        console.log(`queue ${config.cluster.queueName}`)
        for (const s of QUEUE_STATES) console.log(`  ${s.padEnd(12)} ${counts[s] ?? 0}`)
        console.log(`workers: ${workers.length}`)
        for (const w of workers) console.log(`  ${w.addr}  idle ${Math.round(w.idle / 1000)} s`)
      }
      return 0
    } finally {
      await queue.close()
      connection.disconnect()
    }
  },
}
