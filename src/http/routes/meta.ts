// Small read-only routes: styles, engines, the OpenAPI document, health, readiness, metrics,
// and the cached audio of a track for the UI's preview player.
import { Hono } from 'hono'
import { readFile, stat } from 'node:fs/promises'
import { AppError } from '../../errors.ts'
import { registry } from '../../metrics.ts'
import { listStyles } from '../../prompt/index.ts'
import type { AppDeps } from '../deps.ts'
import { openApiDocument } from '../openapi.ts'

const AUDIO_ID = /^([A-Za-z0-9_-]{11}|up_[0-9a-f]{16})$/
const MIME: Record<string, string> = { webm: 'audio/webm', m4a: 'audio/mp4', mp4: 'audio/mp4', mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', opus: 'audio/ogg', flac: 'audio/flac' }

export function apiMetaRoutes(deps: AppDeps, version: string) {
  const app = new Hono()
  const styles = listStyles().map((s) => ({ id: s.id, name: s.name, description: s.description, typography: s.typography }))
  app.get('/styles', (c) => c.json({ items: styles }))
  app.get('/engines', async (c) => c.json({ configured: deps.config.engine.kind, items: await deps.engines() }))
  app.get('/openapi.json', (c) => c.json(openApiDocument(version)))
  app.get('/audio/:audioId', async (c) => {
    const id = c.req.param('audioId')
    const track = AUDIO_ID.test(id) ? deps.lookupAudio(id) : undefined
    if (!track) throw new AppError('AUDIO_NOT_FOUND', `no cached audio ${JSON.stringify(id.slice(0, 40))}`)
    const ext = track.path.split('.').pop() ?? ''
    const size = (await stat(track.path)).size
    c.header('Content-Type', MIME[ext] ?? 'application/octet-stream')
    c.header('Content-Length', String(size))
    c.header('Cache-Control', 'private, max-age=3600')
    return c.body(new Uint8Array(await readFile(track.path)))
  })
  return app
}

export function healthRoutes(deps: AppDeps) {
  const app = new Hono()
  app.get('/healthz', (c) => c.json({ ok: true }))
  app.get('/readyz', (c) => {
    const db = deps.store.ping()
    const engine = deps.engineReady()
    return c.json({ ready: db && engine, checks: { database: db, engine } }, db && engine ? 200 : 503)
  })
  app.get('/metrics', async (c) => {
    c.header('Content-Type', registry.contentType)
    return c.body(await registry.metrics())
  })
  return app
}
