// The only reader of process.env: validates every variable once (zod), reports all bad ones
// together, and hands out one frozen Config object. Stages take only the slice they need.
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { z } from 'zod'
import { AppError } from './errors.ts'

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def)
const bool = (def: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
    .default(def ? 'true' : 'false')
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))

/** Every setting, its default and its range. Keep README's configuration table in step. */
export const ConfigSchema = z.object({
  PORT: int(8787, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./cache'),
  MODELS_DIR: z.string().min(1).default('./models'),
  CACHE_MAX_MB: int(2048, 1, 1_000_000),
  CACHE_TTL_HOURS: int(24 * 7, 1, 24 * 365 * 10),
  MAX_TRACK_SECONDS: int(20 * 60, 5, 6 * 3600),
  UPLOAD_MAX_MB: int(50, 1, 2048),
  FFMPEG_PATH: z.string().optional(),
  YTDLP_PATH: z.string().optional(),
  YT_CLIENT: z.enum(['WEB', 'ANDROID', 'IOS', 'TV', 'MWEB']).default('ANDROID'),
  YT_PO_TOKEN: z.string().optional(),
  ENGINE: z.enum(['auto', 'lcm', 'sketch']).default('auto'),
  ENGINE_DEVICE: z.enum(['auto', 'cpu', 'cuda', 'coreml', 'dml']).default('auto'),
  LCM_MODEL: z
    .string()
    .regex(/^[a-z0-9._-]+$/i)
    .default('lcm-dreamshaper-v7'),
  ORT_INTRA_THREADS: int(0, 0, 256),
  ORT_INTER_THREADS: int(1, 0, 256),
  QUEUE_MAX: int(20, 1, 10_000),
  ANALYSIS_WORKERS: int(Math.max(1, availableParallelism() - 1), 1, 256),
  ANALYSIS_QUEUE_MAX: int(16, 0, 10_000),
  MAX_CONCURRENT_DOWNLOADS: int(2, 1, 64),
  RATE_LIMIT_PER_MIN: int(30, 0, 100_000),
  API_KEY: z.string().min(8).optional(),
  CORS_ORIGINS: z.string().default(''),
  RETENTION_DAYS: int(0, 0, 36500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.string().url().optional(),
  // what a new job gets when the request (API, CLI, web form) leaves it out; served by GET /api/settings
  DEFAULT_STYLE: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .default('swiss'),
  DEFAULT_VARIATIONS: int(4, 1, 8),
  DEFAULT_SIZE: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .default('portrait'),
  DEFAULT_STEPS: int(4, 1, 8),
  // scale-out: with REDIS_URL, jobs go through a BullMQ queue and `mus2pic worker` processes generate
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  WORKER_IN_PROCESS: bool(false),
  API_URL: z.string().url().optional(),
  WORKER_TOKEN: z.string().min(16).optional(),
  QUEUE_NAME: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .default('mus2pic'),
  QUEUE_ATTEMPTS: int(3, 1, 20),
  QUEUE_BACKOFF_MS: int(2000, 0, 3_600_000),
  QUEUE_LOCK_MS: int(30_000, 1000, 3_600_000),
  QUEUE_STALLED_MS: int(30_000, 500, 3_600_000),
  QUEUE_RATE_MAX: int(0, 0, 100_000),
  QUEUE_RATE_MS: int(60_000, 1000, 86_400_000),
  /** Extra host names (comma-separated) the server answers to, besides loopback and PUBLIC_URL's host. */
  ALLOWED_HOSTS: z.string().default(''),
  /** Below this much free space in DATA_DIR, /readyz is false and new large writes fail with DISK_FULL. */
  DISK_MIN_FREE_MB: int(200, 0, 10_000_000),
  /** Behind a reverse proxy: key rate limits on X-Forwarded-For (the proxy must set it). */
  TRUST_PROXY: bool(false),
  /** With API_KEY: also require the key for reads (job list, posters, audio). */
  PROTECT_READS: bool(false),
  /** Slow clients: time to send all headers, and the whole request, in ms. */
  HEADERS_TIMEOUT_MS: int(20_000, 1000, 600_000),
  REQUEST_TIMEOUT_MS: int(60_000, 1000, 3_600_000),
  /** Open connections one client address may hold at once. */
  MAX_CONNECTIONS_PER_IP: int(64, 1, 100_000),
  /** Failed API-key attempts a client may make a minute before 429. */
  AUTH_FAILURES_PER_MIN: int(10, 1, 100_000),
})

type Raw = z.infer<typeof ConfigSchema>

export interface Config {
  port: number
  host: string
  dataDir: string
  modelsDir: string
  cache: { maxBytes: number; ttlMs: number }
  limits: {
    maxTrackSeconds: number
    uploadMaxBytes: number
    queueMax: number
    maxConcurrentDownloads: number
    rateLimitPerMin: number
  }
  /** Whole-track analyses run in worker threads; beyond `queueMax` waiting ones requests get BUSY. */
  analysis: { workers: number; queueMax: number }
  ffmpegPath?: string
  ytdlpPath?: string
  youtube: { client: Raw['YT_CLIENT']; poToken?: string }
  engine: {
    kind: Raw['ENGINE']
    device: Raw['ENGINE_DEVICE']
    model: string
    intraOpThreads: number
    interOpThreads: number
  }
  apiKey?: string
  corsOrigins: string[]
  retentionDays: number
  logLevel: Raw['LOG_LEVEL']
  publicUrl?: string
  /** Job defaults; style and size are checked against the presets when the services start. */
  defaults: { style: string; variations: number; size: string; steps: number }
  /** Scale-out over BullMQ; undefined without REDIS_URL (the embedded in-process runner). */
  cluster?: {
    redisUrl: string
    queueName: string
    workerInProcess: boolean
    apiUrl?: string
    workerToken?: string
    attempts: number
    backoffMs: number
    lockMs: number
    stalledMs: number
    /** Jobs per window across all workers (BullMQ limiter); 0 = no limit. */
    rateMax: number
    rateMs: number
  }
  /** Lower-cased host names (no port) the server answers to; loopback names are always allowed. */
  allowedHosts: string[]
  /** Bytes of free space DATA_DIR must keep. */
  diskMinFreeBytes: number
  trustProxy: boolean
  protectReads: boolean
  http: { headersTimeoutMs: number; requestTimeoutMs: number; maxConnectionsPerIp: number }
  authFailuresPerMin: number
}

/** Validates env (default process.env); throws CONFIG_INVALID naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]))
  const parsed = ConfigSchema.safeParse(known)
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(known[String(i.path[0])])})`,
    )
    throw new AppError('CONFIG_INVALID', `invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  const r = parsed.data
  return Object.freeze({
    port: r.PORT,
    host: r.HOST,
    dataDir: resolve(r.DATA_DIR),
    modelsDir: resolve(r.MODELS_DIR),
    cache: { maxBytes: r.CACHE_MAX_MB * 1024 * 1024, ttlMs: r.CACHE_TTL_HOURS * 3600_000 },
    limits: {
      maxTrackSeconds: r.MAX_TRACK_SECONDS,
      uploadMaxBytes: r.UPLOAD_MAX_MB * 1024 * 1024,
      queueMax: r.QUEUE_MAX,
      maxConcurrentDownloads: r.MAX_CONCURRENT_DOWNLOADS,
      rateLimitPerMin: r.RATE_LIMIT_PER_MIN,
    },
    analysis: { workers: r.ANALYSIS_WORKERS, queueMax: r.ANALYSIS_QUEUE_MAX },
    ffmpegPath: r.FFMPEG_PATH,
    ytdlpPath: r.YTDLP_PATH,
    youtube: { client: r.YT_CLIENT, poToken: r.YT_PO_TOKEN },
    engine: {
      kind: r.ENGINE,
      device: r.ENGINE_DEVICE,
      model: r.LCM_MODEL,
      intraOpThreads: r.ORT_INTRA_THREADS,
      interOpThreads: r.ORT_INTER_THREADS,
    },
    apiKey: r.API_KEY,
    corsOrigins: r.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    retentionDays: r.RETENTION_DAYS,
    logLevel: r.LOG_LEVEL,
    publicUrl: r.PUBLIC_URL,
    defaults: {
      style: r.DEFAULT_STYLE,
      variations: r.DEFAULT_VARIATIONS,
      size: r.DEFAULT_SIZE,
      steps: r.DEFAULT_STEPS,
    },
    cluster: r.REDIS_URL
      ? {
          redisUrl: r.REDIS_URL,
          queueName: r.QUEUE_NAME,
          workerInProcess: r.WORKER_IN_PROCESS,
          apiUrl: r.API_URL,
          workerToken: r.WORKER_TOKEN,
          attempts: r.QUEUE_ATTEMPTS,
          backoffMs: r.QUEUE_BACKOFF_MS,
          lockMs: r.QUEUE_LOCK_MS,
          stalledMs: r.QUEUE_STALLED_MS,
          rateMax: r.QUEUE_RATE_MAX,
          rateMs: r.QUEUE_RATE_MS,
        }
      : undefined,
    allowedHosts: [
      'localhost',
      '127.0.0.1',
      '[::1]',
      ...(r.PUBLIC_URL ? [new URL(r.PUBLIC_URL).hostname] : []),
      // The address the server binds to, when it is one address (not 0.0.0.0 / ::): reachable by that name.
      ...(['0.0.0.0', '::'].includes(r.HOST) ? [] : [r.HOST.includes(':') ? `[${r.HOST}]` : r.HOST]),
      ...r.ALLOWED_HOSTS.split(','),
    ]
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    diskMinFreeBytes: r.DISK_MIN_FREE_MB * 1024 * 1024,
    trustProxy: r.TRUST_PROXY,
    protectReads: r.PROTECT_READS,
    http: {
      headersTimeoutMs: r.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: r.REQUEST_TIMEOUT_MS,
      maxConnectionsPerIp: r.MAX_CONNECTIONS_PER_IP,
    },
    authFailuresPerMin: r.AUTH_FAILURES_PER_MIN,
  })
}

/** A config for tests: defaults plus overrides, rooted in a temp folder. */
export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ENGINE: 'sketch', RATE_LIMIT_PER_MIN: '0', ...env })
}
