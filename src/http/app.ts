// createApp(deps): the Hono application (no port). Middleware order: request ID -> metrics/log ->
// secure headers -> CORS (API only) -> API key (writes) -> rate limits -> routes -> web UI.
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { serveStatic } from '@hono/node-server/serve-static'
import { getConnInfo } from '@hono/node-server/conninfo'
import { rateLimiter } from 'hono-rate-limiter'
import { timingSafeEqual } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { AppError } from '../errors.ts'
import { httpDuration } from '../metrics.ts'
import type { AppDeps } from './deps.ts'
import { onError } from './on-error.ts'
import { batchRoutes } from './routes/batches.ts'
import { jobRoutes } from './routes/jobs.ts'
import { apiMetaRoutes, healthRoutes } from './routes/meta.ts'
import { posterRoutes } from './routes/posters.ts'
import { promptRoutes, tokenRoutes } from './routes/prompts.ts'
import { publicShareRoutes, shareListRoutes } from './routes/shares.ts'
import { uploadRoutes } from './routes/uploads.ts'

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url))
const VERSION = '0.1.0'

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
    }),
  )
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
  if (config.apiKey) {
    const expected = Buffer.from(config.apiKey)
    app.use('/api/*', async (c, next) => {
      if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next()
      const given = Buffer.from(
        c.req.header('x-api-key') ?? c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '',
      )
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new AppError('UNAUTHORIZED', 'this server needs an API key for changes: send it as X-API-Key')
      return next()
    })
  }
  if (config.limits.rateLimitPerMin > 0) {
    const limiter = rateLimiter({
      windowMs: 60_000,
      limit: config.limits.rateLimitPerMin,
      standardHeaders: 'draft-6',
      keyGenerator: (c) => clientKey(c),
      handler: (c) => {
        throw new AppError(
          'RATE_LIMITED',
          `too many requests: at most ${config.limits.rateLimitPerMin} new jobs or uploads a minute; try again shortly`,
        )
      },
    })
    app.on('POST', ['/api/jobs', '/api/uploads', '/api/batches'], limiter)
  }

  app.route('/', healthRoutes(deps))
  app.route('/api', apiMetaRoutes(deps, VERSION))
  app.route('/api/jobs', jobRoutes(deps))
  app.route('/api/batches', batchRoutes(deps))
  app.route('/api/posters', posterRoutes(deps))
  app.route('/api/prompts', promptRoutes(deps))
  app.route('/api/tokens', tokenRoutes())
  app.route('/api/shares', shareListRoutes(deps))
  app.route('/api/uploads', uploadRoutes(deps))
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

function clientKey(c: import('hono').Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'local'
  } catch {
    return 'local' // app.request() in tests has no socket
  }
}
