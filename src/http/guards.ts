// Request guards that run before any route: the Host must be one of ours (DNS rebinding), state-changing
// requests must not come from another site (CSRF), and JSON bodies are capped while they stream.
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../errors.ts'

/** JSON bodies are small (features, options); 64 KB leaves ample room. */
export const JSON_BODY_MAX_BYTES = 64 * 1024

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Answers only requests whose Host names this server: a rebinding attacker's page reaches us under
 * its own name (`attacker.example`), which is refused with 421 HOST_NOT_ALLOWED. `allowed` are host
 * names without port; any port is accepted. Health probes (which use pod IPs) are exempt.
 */
export function hostGuard(allowed: string[]): MiddlewareHandler {
  const names = new Set(allowed)
  return async (c, next) => {
    if (c.req.path === '/healthz' || c.req.path === '/readyz') return next()
    const host = requestHost(c)
    if (!host || !names.has(host.hostname))
      throw new AppError(
        'HOST_NOT_ALLOWED',
        'this server does not answer to that host name; add it to ALLOWED_HOSTS or PUBLIC_URL',
      )
    return next()
  }
}

/**
 * Refuses state-changing requests sent by another site's page with 403 CROSS_SITE_REQUEST: an `Origin`
 * that is neither this host, PUBLIC_URL nor a CORS_ORIGINS entry, or `Sec-Fetch-Site: cross-site/same-site`
 * without such an origin. Requests without either header (curl, the CLI) are not from a browser page.
 */
export function originGuard(o: { publicUrl?: string; corsOrigins: string[] }): MiddlewareHandler {
  const trusted = new Set([...o.corsOrigins, ...(o.publicUrl ? [new URL(o.publicUrl).origin] : [])])
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next()
    const origin = c.req.header('origin')
    const site = c.req.header('sec-fetch-site')?.toLowerCase()
    const ok = origin !== undefined ? isOurOrigin(origin, c, trusted) : site === undefined || isSameSite(site)
    if (!ok)
      throw new AppError('CROSS_SITE_REQUEST', 'requests from other sites may not change anything on this server')
    return next()
  }
}

/**
 * Caps bodies of state-changing API calls at JSON_BODY_MAX_BYTES; uploads and worker deliveries (posters, with
 * WORKER_TOKEN) have limits of their own.
 */
export function jsonBodyLimit(): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: JSON_BODY_MAX_BYTES,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `request bodies are limited to ${JSON_BODY_MAX_BYTES / 1024} KB`)
    },
  })
  return async (c, next) => {
    const own = c.req.path.startsWith('/api/uploads') || c.req.path.startsWith('/api/worker/')
    if (SAFE_METHODS.has(c.req.method) || own) return next()
    return limit(c, next)
  }
}

function isOurOrigin(origin: string, c: Context, trusted: Set<string>): boolean {
  if (trusted.has(origin)) return true
  let u: URL
  try {
    u = new URL(origin) // "null" (sandboxed frames, file:) fails here: refused
  } catch {
    return false
  }
  return u.host === requestHost(c)?.host
}

const isSameSite = (site: string) => site === 'same-origin' || site === 'none'

function requestHost(c: Context): URL | undefined {
  try {
    // node-server builds the URL from the Host header; app.request() in tests from its argument.
    return new URL(c.req.url)
  } catch {
    return undefined
  }
}
