// POST /api/uploads: multipart field "file" -> {audioId}. The body is capped before parsing; the
// file is sniffed by content (ffmpeg probe) in the ingest cache, never trusted by its name.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { randomBytes } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { asDiskFull, ensureFreeSpace } from '../../disk.ts'
import { AppError } from '../../errors.ts'
import type { AppDeps } from '../deps.ts'

export function uploadRoutes(deps: AppDeps) {
  const app = new Hono()
  const max = deps.config.limits.uploadMaxBytes
  app.post(
    '/',
    bodyLimit({
      maxSize: max + 64 * 1024, // room for multipart headers
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', `uploads are limited to ${Math.round(max / 1024 / 1024)} MB`)
      },
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? ''
      if (!type.toLowerCase().startsWith('multipart/form-data'))
        throw new AppError('UNSUPPORTED_MEDIA', 'send the audio as multipart/form-data with a field named "file"')
      let form: Record<string, unknown>
      try {
        form = await c.req.parseBody()
      } catch {
        throw new AppError('INVALID_INPUT', 'the multipart body could not be read')
      }
      const file = form.file
      if (!(file instanceof File))
        throw new AppError('INVALID_INPUT', 'the form needs a field named "file" holding the audio file')
      if (file.size === 0) throw new AppError('INVALID_AUDIO', 'the uploaded file is empty')
      if (file.size > max)
        throw new AppError('PAYLOAD_TOO_LARGE', `uploads are limited to ${Math.round(max / 1024 / 1024)} MB`)
      const tmpDir = join(deps.config.dataDir, 'tmp')
      await mkdir(tmpDir, { recursive: true })
      const tmp = join(tmpDir, `upload-${randomBytes(8).toString('hex')}.part`)
      try {
        // Twice the size: the temp file, then its copy in the audio cache.
        await ensureFreeSpace(deps.config.dataDir, deps.config.diskMinFreeBytes, 2 * file.size)
        await writeFile(tmp, new Uint8Array(await file.arrayBuffer())).catch((e) => Promise.reject(asDiskFull(e)))
        const track = await deps.putUpload(tmp, file.name.slice(0, 200))
        return c.json(
          {
            audioId: track.audioId,
            title: track.meta.title,
            durationSec: track.meta.durationSec,
            cached: track.cached,
          },
          201,
        )
      } finally {
        await rm(tmp, { force: true })
      }
    },
  )
  return app
}
