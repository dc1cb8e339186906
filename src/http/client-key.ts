// Who the client is, for rate limits: the socket address, or behind a trusted reverse proxy
// (TRUST_PROXY) the address that proxy appended to X-Forwarded-For.
import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'

/**
 * The client's address. With `trustProxy`, the right-most X-Forwarded-For entry: the one our proxy
 * added (entries to its left are whatever the client sent, so they could be forged). Assumes one proxy.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    if (hops.length) return hops[hops.length - 1]
  }
  try {
    return getConnInfo(c).remote.address ?? 'local'
  } catch {
    return 'local' // app.request() in tests has no socket
  }
}
