// Small read-only routes: styles, engines, the OpenAPI document, health, readiness, metrics,
// and the cached audio of a track for the UI's preview player.
import { Hono } from 'hono'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { stream } from 'hono/streaming'
import { writeProblem } from '../../data-dir.ts'
import { freeBytes } from '../../disk.ts'
import { AppError } from '../../errors.ts'
import { registry } from '../../metrics.ts'
import { getStyle, listStyles, makePalette } from '../../prompt/index.ts'
import { TYPICAL_TRACK } from '../../prompt/typical-track.ts'
import { SIZE_PRESETS } from '../../poster/layouts.ts'
import type { AppDeps } from '../deps.ts'
import { openApiDocument } from '../openapi.ts'

const AUDIO_ID = /^([A-Za-z0-9_-]{11}|up_[0-9a-f]{16})$/
const MIME: Record<string, string> = {
  webm: 'audio/webm',
  m4a: 'audio/mp4',
  mp4: 'audio/mp4',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  flac: 'audio/flac',
}

/** `root` is the whole application: the OpenAPI document is built from its route table. */
export function apiMetaRoutes(deps: AppDeps, version: string, root: () => Hono) {
  const app = new Hono()
  const styles = listStyles().map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    typography: s.typography,
    /** The palette this style gives the typical track (the picker's swatches). */
    previewPalette: makePalette(TYPICAL_TRACK, s),
  }))
  app.get('/styles', (c) =>
    c.json({ items: styles.map((s) => ({ ...s, previewUrl: `/api/styles/${s.id}/preview.webp` })) }),
  )
  app.get('/styles/:id/preview.webp', async (c) => {
    const style = getStyle(c.req.param('id'))
    c.header('Content-Type', 'image/webp')
    c.header('Cache-Control', 'public, max-age=86400')
    return c.body(new Uint8Array(await deps.stylePreview(style.id)))
  })
  app.get('/settings', (c) =>
    c.json({
      defaults: deps.config.defaults,
      choices: {
        styles: styles.map((st) => st.id),
        sizes: Object.entries(SIZE_PRESETS).map(([id, p]) => ({ id, ...p })),
        variations: { min: 1, max: 8 },
        steps: { min: 1, max: 8 },
      },
    }),
  )
  app.get('/engines', async (c) => c.json({ configured: deps.config.engine.kind, items: await deps.engines() }))
  app.get('/openapi.json', (c) => c.json(openApiDocument(root(), version)))
  app.get('/audio/:audioId', async (c) => {
    const id = c.req.param('audioId')
    const track = AUDIO_ID.test(id) ? deps.lookupAudio(id) : undefined
    if (!track) throw new AppError('AUDIO_NOT_FOUND', `no cached audio ${JSON.stringify(id.slice(0, 40))}`)
    const ext = track.path.split('.').pop() ?? ''
    const size = (await stat(track.path)).size
    c.header('Content-Type', MIME[ext] ?? 'application/octet-stream')
    c.header('Accept-Ranges', 'bytes')
    c.header('Cache-Control', 'private, max-age=3600')
    // Browsers seek in <audio> with Range requests; serve the asked slice, streamed from disk.
    const m = /^bytes=(\d*)-(\d*)$/.exec(c.req.header('range') ?? '')
    let start = 0
    let end = size - 1
    if (m && (m[1] || m[2])) {
      start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]))
      end = m[1] && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1
      if (start > end || start >= size) {
        c.header('Content-Range', `bytes */${size}`)
        return c.body(null, 416)
      }
      c.status(206)
      c.header('Content-Range', `bytes ${start}-${end}/${size}`)
    }
    c.header('Content-Length', String(end - start + 1))
    return stream(c, async (s) => {
      for await (const chunk of createReadStream(track.path, { start, end })) await s.write(chunk as Uint8Array)
    })
  })
  return app
}

export function healthRoutes(deps: AppDeps) {
  const app = new Hono()
  app.get('/healthz', (c) => c.json({ ok: true }))
  app.get('/readyz', async (c) => {
    const db = deps.store.ping()
    const engine = deps.engineReady()
    // A full disk fails every job at its first write: not ready below DISK_MIN_FREE_MB.
    const free = await freeBytes(deps.config.dataDir).catch(() => undefined)
    const writable = writeProblem(deps.config.dataDir) === undefined // remounted read-only since start-up?
    const disk = writable && (free === undefined || free >= Math.max(deps.config.diskMinFreeBytes, 1))
    const ffmpeg = deps.ffmpeg && {
      source: deps.ffmpeg.source,
      version: deps.ffmpeg.version,
      ffprobe: Boolean(deps.ffmpeg.ffprobePath),
    }
    const ready = db && engine && disk
    const engineDetails = deps.engineStatus?.()
    const diskFreeMb = free === undefined ? undefined : Math.floor(free / 1048576)
    return c.json(
      {
        ready,
        checks: { database: db, engine, disk },
        details: { ffmpeg, diskFreeMb, ...(engineDetails ? { engine: engineDetails } : {}) },
      },
      ready ? 200 : 503,
    )
  })
  app.get('/metrics', async (c) => {
    c.header('Content-Type', registry.contentType)
    return c.body(await registry.metrics())
  })
  return app
}
