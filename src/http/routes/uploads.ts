// POST /api/uploads: multipart field "file" -> {audioId}. The file is streamed to a temp file with
// the byte limit enforced while it arrives (never held in memory), then sniffed by content (ffmpeg
// probe, accepted demuxers only) in the ingest cache, never trusted by its name.
import { Hono } from 'hono'
import { randomBytes } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ensureFreeSpace } from '../../disk.ts'
import { AppError } from '../../errors.ts'
import type { AppDeps } from '../deps.ts'
import { multipartBoundary, saveFilePart } from '../multipart.ts'

/** Room for multipart headers and small fields besides the file. */
const OTHER_BYTES = 64 * 1024

export function uploadRoutes(deps: AppDeps) {
  const app = new Hono()
  const max = deps.config.limits.uploadMaxBytes
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `uploads are limited to ${Math.round(max / 1024 / 1024)} MB`)
  app.post('/', async (c) => {
    const boundary = multipartBoundary(c.req.header('content-type'))
    const declared = Number(c.req.header('content-length') ?? NaN)
    if (declared > max + OTHER_BYTES) throw tooLarge()
    // Twice the size: the temp file, then its copy in the audio cache.
    const need = Number.isFinite(declared) ? 2 * declared : 2 * max
    await ensureFreeSpace(deps.config.dataDir, deps.config.diskMinFreeBytes, need)
    const tmpDir = join(deps.config.dataDir, 'tmp')
    await mkdir(tmpDir, { recursive: true })
    const tmp = join(tmpDir, `upload-${randomBytes(8).toString('hex')}.part`)
    try {
      const part = await saveFilePart(c.req.raw.body, boundary, 'file', tmp, {
        maxFileBytes: max,
        maxOtherBytes: OTHER_BYTES,
      })
      if (!part) throw new AppError('INVALID_INPUT', 'the form needs a field named "file" holding the audio file')
      if (part.bytes === 0) throw new AppError('INVALID_AUDIO', 'the uploaded file is empty')
      const track = await deps.putUpload(tmp, part.fileName.slice(0, 200))
      return c.json(
        { audioId: track.audioId, title: track.meta.title, durationSec: track.meta.durationSec, cached: track.cached },
        201,
      )
    } finally {
      await rm(tmp, { force: true })
    }
  })
  return app
}
