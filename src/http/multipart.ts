// A small streaming multipart/form-data reader for uploads: the file part goes straight to disk as it
// arrives, with the byte limit enforced while streaming, so an upload costs buffers, not its size in RAM.
import { createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { asDiskFull } from '../disk.ts'
import { AppError } from '../errors.ts'

export interface SavedPart {
  /** The file name the client sent (not a path we use), "" when none. */
  fileName: string
  /** Bytes written to the destination. */
  bytes: number
}

export interface MultipartLimits {
  /** Largest file content, bytes. */
  maxFileBytes: number
  /** Largest total of everything else (other fields, part headers), bytes. */
  maxOtherBytes: number
}

/** The boundary of a multipart/form-data Content-Type; UNSUPPORTED_MEDIA for any other type. */
export function multipartBoundary(contentType: string | undefined): string {
  const [type, ...params] = (contentType ?? '').split(';')
  const b = params.map((p) => /^\s*boundary="?([^";]{1,70})"?\s*$/i.exec(p)?.[1]).find(Boolean)
  if (type.trim().toLowerCase() !== 'multipart/form-data' || !b)
    throw new AppError('UNSUPPORTED_MEDIA', 'send the audio as multipart/form-data with a field named "file"')
  return b
}

const tooLarge = (max: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `uploads are limited to ${Math.round(max / 1024 / 1024)} MB`)
const malformed = () => new AppError('INVALID_INPUT', 'the multipart body could not be read')

/**
 * Streams the first part named `field` that carries a file into `dest`; other parts are read and
 * dropped (bounded by maxOtherBytes). Undefined when there is no such part. The caller removes `dest`.
 */
export async function saveFilePart(
  body: ReadableStream<Uint8Array> | null,
  boundary: string,
  field: string,
  dest: string,
  limits: MultipartLimits,
): Promise<SavedPart | undefined> {
  if (!body) return undefined
  const delim = Buffer.from(`\r\n--${boundary}`)
  const reader = body.getReader()
  // A leading CRLF lets the first boundary (at the very start) match the same delimiter as the rest.
  let buf: Buffer = Buffer.from('\r\n')
  let state: 'preamble' | 'after' | 'headers' | 'body' | 'done' = 'preamble'
  let other = 0
  let out: WriteStream | undefined
  let saved: SavedPart | undefined
  let target = false
  let ended = false
  const more = async () => {
    const { done, value } = await reader.read()
    if (done) ended = true
    else buf = buf.length ? Buffer.concat([buf, value]) : Buffer.from(value)
    return !done
  }
  const countOther = (n: number) => {
    if ((other += n) > limits.maxOtherBytes) throw tooLarge(limits.maxFileBytes)
  }
  let writeError: Error | undefined
  const emit = async (chunk: Buffer) => {
    if (writeError) throw writeError
    if (!target || !out || !saved) return countOther(chunk.length)
    saved.bytes += chunk.length
    if (saved.bytes > limits.maxFileBytes) throw tooLarge(limits.maxFileBytes)
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'error').then(([e]) => Promise.reject(e))])
  }
  try {
    while (state !== 'done') {
      if (state === 'preamble' || state === 'body') {
        const at = buf.indexOf(delim)
        if (at < 0) {
          // Keep a tail that could be the start of a delimiter; pass on the rest.
          const keep = Math.min(buf.length, delim.length - 1)
          if (state === 'body') await emit(buf.subarray(0, buf.length - keep))
          else countOther(buf.length - keep)
          buf = buf.subarray(buf.length - keep)
          if (!(await more())) throw malformed()
          continue
        }
        if (state === 'body') await emit(buf.subarray(0, at))
        if (target && out) {
          if (writeError) throw writeError
          await closeStream(out)
          out = undefined
          return saved
        }
        buf = buf.subarray(at + delim.length)
        state = 'after'
      } else if (state === 'after') {
        if (buf.length < 2 && !(await more())) throw malformed()
        if (buf.length < 2) continue
        const two = buf.subarray(0, 2).toString('latin1')
        if (two === '--') state = 'done'
        else if (two === '\r\n') {
          buf = buf.subarray(2)
          state = 'headers'
        } else throw malformed()
      } else {
        const end = buf.indexOf('\r\n\r\n')
        if (end < 0) {
          if (buf.length > 16 * 1024) throw malformed()
          if (!(await more())) throw malformed()
          continue
        }
        const head = buf.subarray(0, end).toString('utf8')
        countOther(end + 4)
        buf = buf.subarray(end + 4)
        const disp = /^content-disposition:\s*form-data(.*)$/im.exec(head)?.[1] ?? ''
        const name = param(disp, 'name')
        const fileName = param(disp, 'filename')
        target = name === field && fileName !== undefined && !saved
        if (target) {
          saved = { fileName: fileName ?? '', bytes: 0 }
          out = createWriteStream(dest, { flags: 'wx' })
          out.on('error', (e) => (writeError = e)) // ENOSPC arrives as an event: never unhandled
        }
        state = 'body'
      }
    }
    return saved
  } catch (e) {
    throw asDiskFull(e)
  } finally {
    if (out) out.destroy()
    if (!ended) reader.cancel().catch(() => {})
  }
}

function param(disposition: string, key: string): string | undefined {
  const m = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition)
  if (m) return m[1].replace(/\\(.)/g, '$1')
  return new RegExp(`;\\s*${key}=([^;\\s]+)`, 'i').exec(disposition)?.[1]
}

async function closeStream(out: WriteStream): Promise<void> {
  out.end()
  await Promise.race([once(out, 'finish'), once(out, 'error').then(([e]) => Promise.reject(e))])
}
