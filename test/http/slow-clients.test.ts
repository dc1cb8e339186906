// Slow clients against a real server: 30 sockets trickling a POST body from one address are capped at
// MAX_CONNECTIONS_PER_IP and the rest are cut by REQUEST_TIMEOUT_MS (408), not Node's default 300 s.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { startTestServer } from '../helpers/server.ts'

test('30 trickling sockets: 20 over the per-IP cap close at once, the other 10 get 408 between 2 and 4 s; the server still answers', async () => {
  const srv = await startTestServer({
    env: { REQUEST_TIMEOUT_MS: '2000', HEADERS_TIMEOUT_MS: '1000', MAX_CONNECTIONS_PER_IP: '10' },
  })
  const { port } = new URL(srv.url)
  const timers: NodeJS.Timeout[] = []
  try {
    // Start-up warms the tokenizer and engine on the main thread: measure from a settled server.
    // `connection: close`: a kept-alive probe connection would count against the cap.
    while ((await fetch(`${srv.url}/readyz`, { headers: { connection: 'close' } })).status !== 200)
      await new Promise((r) => setTimeout(r, 50))
    const t0 = performance.now()
    const sockets = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const s: Socket = connect(Number(port), '127.0.0.1')
        await new Promise((r) => s.once('connect', r))
        return s
      }),
    )
    const results = sockets.map(
      (s) =>
        new Promise<{ closedMs: number; reply: string }>((resolve) => {
          let reply = ''
          s.setEncoding('utf8')
          s.on('data', (d: string) => (reply += d))
          s.on('error', () => {})
          s.once('close', () => resolve({ closedMs: performance.now() - t0, reply }))
          s.write(
            'POST /api/prompts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
              'Content-Length: 60000\r\n\r\n{',
          )
          timers.push(setInterval(() => s.writable && s.write(' '), 200))
        }),
    )
    const done = await Promise.all(results)
    const early = done.filter((d) => d.closedMs < 1000)
    const timedOut = done.filter((d) => d.closedMs >= 1900)
    assert.equal(early.length, 20, `closed at ${done.map((d) => Math.round(d.closedMs)).join(', ')} ms`)
    assert.equal(timedOut.length, 10)
    for (const d of timedOut) {
      assert.ok(d.closedMs < 4000, `closed after ${Math.round(d.closedMs)} ms`)
      assert.match(d.reply, /^HTTP\/1\.1 408/)
    }
    assert.equal((await fetch(`${srv.url}/healthz`)).status, 200)
  } finally {
    timers.forEach(clearInterval)
    await srv.close()
  }
})
