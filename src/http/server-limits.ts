// Slow-client limits for the listening server: header and whole-request timeouts (checked every
// second, not Node's default 30 s) and a cap on open connections per client address.
import type { Server, ServerOptions } from 'node:http'
import type { Socket } from 'node:net'

export interface ConnectionLimits {
  /** ms to receive all request headers. */
  headersTimeoutMs: number
  /** ms to receive the whole request, body included (Node's default is 300 s). */
  requestTimeoutMs: number
  /** Open connections one remote address may hold; more are closed at once. */
  maxConnectionsPerIp: number
}

/** Options for http.createServer: a trickled request is answered 408 and closed within a second of its limit. */
export function serverOptions(l: ConnectionLimits): ServerOptions {
  return {
    requestTimeout: l.requestTimeoutMs,
    // Node refuses a header timeout longer than the request timeout.
    headersTimeout: Math.min(l.headersTimeoutMs, l.requestTimeoutMs),
    connectionsCheckingInterval: 1000,
  }
}

/** Closes connections beyond the per-address cap as they arrive (300 trickling sockets from one client). */
export function capConnectionsPerIp(server: Server, max: number): void {
  const open = new Map<string, number>()
  server.on('connection', (socket: Socket) => {
    const ip = socket.remoteAddress ?? 'unknown'
    const n = (open.get(ip) ?? 0) + 1
    if (n > max) {
      socket.destroy()
      return
    }
    open.set(ip, n)
    socket.once('close', () => {
      const left = (open.get(ip) ?? 1) - 1
      if (left > 0) open.set(ip, left)
      else open.delete(ip)
    })
  })
}
