// A real scale-out cluster for tests and the bench, on loopback: redis-server (Debian package) on a free
// port without persistence, an API process and worker processes started as users start them
// (`bin/mus2pic.js serve` / `worker`), each with its own DATA_DIR.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const BIN = new URL('../../bin/mus2pic.js', import.meta.url).pathname
export const WORKER_TOKEN = 'test-worker-token-0123456789'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/** Spawns and resolves once a line of its output matches `ready`. */
export function spawnUntil(cmd: string, args: string[], env: Record<string, string>, ready: RegExp) {
  const proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const up = new Promise<ChildProcess>((resolve, reject) => {
    const on = (d: Buffer) => {
      out += d
      if (ready.test(out)) resolve(proc)
    }
    proc.stdout!.on('data', on)
    proc.stderr!.on('data', on)
    proc.once('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-2000)}`)))
  })
  return { proc, up, output: () => out }
}

/** Stops a child with `signal`; one that has not exited after `graceMs` is killed (and the test told so). */
export function stop(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<boolean> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve(true)
    const timer = setTimeout(() => {
      proc.kill('SIGKILL')
      resolve(false)
    }, graceMs)
    proc.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
    proc.kill(signal)
  })
}

export interface Cluster {
  redisUrl: string
  apiUrl: string
  api: ChildProcess
  workers: ChildProcess[]
  startApi(): Promise<ChildProcess>
  startWorker(extra?: Record<string, string>): Promise<ChildProcess>
  close(): Promise<void>
}

export async function startCluster(o: { workers: number; env?: Record<string, string> }): Promise<Cluster> {
  const root = mkdtempSync(join(tmpdir(), 'm2p-cluster-'))
  const redisPort = await freePort()
  const redis = spawnUntil(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
    /Ready to accept connections/,
  )
  await redis.up
  const redisUrl = `redis://127.0.0.1:${redisPort}`
  const apiPort = await freePort()
  const apiUrl = `http://127.0.0.1:${apiPort}`
  const common = {
    REDIS_URL: redisUrl,
    WORKER_TOKEN,
    ENGINE: 'sketch',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MIN: '0',
    QUEUE_LOCK_MS: '2000',
    QUEUE_STALLED_MS: '1000',
    QUEUE_BACKOFF_MS: '200',
    ...o.env,
  }
  const c: Cluster = {
    redisUrl,
    apiUrl,
    api: undefined as unknown as ChildProcess,
    workers: [],
    async startApi() {
      const env = { ...common, PORT: String(apiPort), DATA_DIR: join(root, 'api') }
      c.api = await spawnUntil(process.execPath, [BIN, 'serve'], env, /running at http/).up
      return c.api
    },
    async startWorker(extra = {}) {
      const env = { ...common, API_URL: apiUrl, DATA_DIR: join(root, `worker-${c.workers.length}`), ...extra }
      const w = await spawnUntil(process.execPath, [BIN, 'worker'], env, /is taking jobs/).up
      c.workers.push(w)
      return w
    },
    async close() {
      await Promise.all([...c.workers, c.api].filter(Boolean).map((p) => stop(p, 'SIGKILL')))
      await stop(redis.proc, 'SIGKILL')
      rmSync(root, { recursive: true, force: true })
    },
  }
  await c.startApi()
  for (let i = 0; i < o.workers; i++) await c.startWorker()
  return c
}
