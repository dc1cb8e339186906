// createApp(deps): the Hono application (no port). Middleware order: request ID -> metrics/log -> host
// check -> secure headers -> CORS (API only) -> cross-site check -> body cap -> API key -> rate limits ->
// routes -> web UI.
import { Hono, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { serveStatic } from '@hono/node-server/serve-static'
import { rateLimiter } from 'hono-rate-limiter'
import { fileURLToPath } from 'node:url'
import { AppError, type ErrorCode } from '../errors.ts'
import { httpDuration } from '../metrics.ts'
import type { AppDeps } from './deps.ts'
import { apiKeyGuard } from './auth.ts'
import { clientAddress } from './client-key.ts'
import { hostGuard, jsonBodyLimit, originGuard } from './guards.ts'
import { onError } from './on-error.ts'
import { batchRoutes } from './routes/batches.ts'
import { jobRoutes } from './routes/jobs.ts'
import { apiMetaRoutes, healthRoutes } from './routes/meta.ts'
import { posterRoutes } from './routes/posters.ts'
import { promptRoutes, tokenRoutes } from './routes/prompts.ts'
import { publicShareRoutes, shareListRoutes } from './routes/shares.ts'
import { uploadRoutes } from './routes/uploads.ts'
import { workerRoutes } from './routes/worker.ts'

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url))
const VERSION = '0.1.0'
/** Validation refusals (400s) that do not count against the job/upload rate limit. */
const CHEAP_REFUSALS = new Set<ErrorCode>(['INVALID_INPUT', 'INVALID_URL', 'UNKNOWN_STYLE'])

export type { AppDeps }

export function createApp(deps: AppDeps): Hono {
  const app = new Hono()
  const { config, logger } = deps

  app.use(requestId({ limitLength: 64 }))
  app.use(async (c, next) => {
    const t0 = performance.now()
    await next()
    const route = c.req.routePath || 'unmatched'
    const seconds = (performance.now() - t0) / 1000
    httpDuration.observe({ method: c.req.method, route, status: String(c.res.status) }, seconds)
    if (c.res.status >= 400 || logger.isLevelEnabled('debug')) {
      logger.info(
        {
          reqId: c.get('requestId'),
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round(seconds * 1000),
        },
        'request',
      )
    }
  })
  app.use(hostGuard(config.allowedHosts))
  // Shared images are meant to be shown by other sites (link previews, embeds). Registered before
  // secureHeaders so this runs after it on the way out and wins over its same-origin default.
  app.use('/s/*', async (c, next) => {
    await next()
    if (c.req.path.endsWith('/image.png') && c.res.ok) c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin')
  })
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginResourcePolicy: 'same-origin',
      // DENY agrees with frame-ancestors 'none'; HSTS only where HTTPS is in use (below).
      xFrameOptions: 'DENY',
      strictTransportSecurity: false,
    }),
  )
  app.use(transportHeaders(config))
  if (config.corsOrigins.length) {
    app.use(
      '/api/*',
      cors({
        origin: config.corsOrigins,
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
        allowHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'Last-Event-ID'],
        maxAge: 600,
      }),
    )
  }
  // After CORS, so preflights of configured origins are answered; before the key check and the routes.
  app.use(originGuard(config))
  app.use('/api/*', jsonBodyLimit())
  if (config.apiKey) app.use('/api/*', apiKeyGuard(config))
  if (config.limits.rateLimitPerMin > 0) {
    const limiter = rateLimiter({
      windowMs: 60_000,
      limit: config.limits.rateLimitPerMin,
      standardHeaders: 'draft-6',
      keyGenerator: (c) => clientAddress(c, config.trustProxy),
      // Requests refused by validation cost nothing: they do not use up the client's allowance.
      skipFailedRequests: true,
      requestWasSuccessful: (c) => !(c.error instanceof AppError && CHEAP_REFUSALS.has(c.error.code)),
      handler: () => {
        throw new AppError(
          'RATE_LIMITED',
          `too many requests: at most ${config.limits.rateLimitPerMin} new jobs or uploads a minute; try again shortly`,
        )
      },
    })
    app.on('POST', ['/api/jobs', '/api/uploads', '/api/batches'], limiter)
    // Prompts are cheap unless they start an analysis (seconds of a CPU): only those are counted.
    const analyses = rateLimiter({
      windowMs: 60_000,
      limit: config.limits.rateLimitPerMin,
      standardHeaders: 'draft-6',
      keyGenerator: (c) => clientAddress(c, config.trustProxy),
      skip: async (c) => !(await startsAnalysis(c, deps)),
      handler: () => {
        throw new AppError(
          'RATE_LIMITED',
          `too many new analyses: at most ${config.limits.rateLimitPerMin} uncached tracks a minute; try again shortly`,
        )
      },
    })
    app.post('/api/prompts', analyses)
  }

  app.route('/', healthRoutes(deps))
  app.route(
    '/api',
    apiMetaRoutes(deps, VERSION, () => app),
  )
  app.route('/api/jobs', jobRoutes(deps))
  app.route('/api/batches', batchRoutes(deps))
  app.route('/api/posters', posterRoutes(deps))
  app.route('/api/prompts', promptRoutes(deps))
  app.route('/api/tokens', tokenRoutes())
  app.route('/api/shares', shareListRoutes(deps))
  app.route('/api/uploads', uploadRoutes(deps))
  if (config.cluster?.workerToken) app.route('/api/worker', workerRoutes(deps, config.cluster.workerToken))
  app.all('/api/*', (c) => {
    throw new AppError('NOT_FOUND', `no route ${c.req.method} ${c.req.path.slice(0, 100)}`)
  })
  app.route('/s', publicShareRoutes(deps))
  app.use('/*', serveStatic({ root: WEB_DIR }))
  app.notFound((c) =>
    c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path.slice(0, 100)}` } }, 404),
  )
  app.onError(onError(logger))
  return app
}

/** Whether a POST /api/prompts body asks for a track whose analysis is neither cached nor running. */
async function startsAnalysis(c: import('hono').Context, deps: AppDeps): Promise<boolean> {
  // Hono caches the parsed body, so the route reads it again for free; bad bodies fail there as 400.
  const body = (await c.req.json().catch(() => undefined)) as { url?: unknown; audioId?: unknown } | undefined
  if (!body || typeof body !== 'object') return false
  if (typeof body.audioId === 'string') return !deps.analysisIsFree({ audioId: body.audioId })
  if (typeof body.url === 'string') return !deps.analysisIsFree({ url: body.url })
  return false // {features}: no audio at all
}

/** Permissions-Policy (no powerful features), and HSTS only when PUBLIC_URL is https or the request came over TLS. */
function transportHeaders(config: AppDeps['config']): MiddlewareHandler {
  const publicHttps = config.publicUrl?.startsWith('https:') ?? false
  return async (c, next) => {
    await next()
    c.res.headers.set('Permissions-Policy', PERMISSIONS_POLICY)
    const proto = config.trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0].trim() : undefined
    if (publicHttps || new URL(c.req.url).protocol === 'https:' || proto === 'https')
      c.res.headers.set('Strict-Transport-Security', 'max-age=15552000; includeSubDomains')
  }
}

const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'interest-cohort=()',
].join(', ')
