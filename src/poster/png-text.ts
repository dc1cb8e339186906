// PNG text metadata: iTXt chunks (UTF-8) inserted before IEND, and a reader for them. The poster's
// prompt, seed, engine, style and features travel inside the file.
import { deflateSync, inflateSync } from 'node:zlib'

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** Adds one compressed iTXt chunk per entry, just before IEND. */
export function addPngText(png: Buffer, entries: Record<string, string>): Buffer {
  const iend = png.length - 12
  if (png.subarray(iend + 4, iend + 8).toString('latin1') !== 'IEND') throw new Error('not a PNG ending in IEND')
  const chunks = Object.entries(entries).map(([key, value]) =>
    chunk(
      'iTXt',
      Buffer.concat([
        Buffer.from(key.slice(0, 79), 'latin1'),
        Buffer.from([0, 1, 0, 0, 0]),
        deflateSync(Buffer.from(value, 'utf8')),
      ]),
    ),
  )
  return Buffer.concat([png.subarray(0, iend), ...chunks, png.subarray(iend)])
}

/** Reads tEXt and iTXt chunks into a key -> text map. */
export function readPngText(png: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  for (let at = 8; at + 12 <= png.length;) {
    const len = png.readUInt32BE(at)
    const type = png.subarray(at + 4, at + 8).toString('latin1')
    const data = png.subarray(at + 8, at + 8 + len)
    if (type === 'tEXt') {
      const z = data.indexOf(0)
      out[data.subarray(0, z).toString('latin1')] = data.subarray(z + 1).toString('latin1')
    } else if (type === 'iTXt') {
      const z = data.indexOf(0)
      const compressed = data[z + 1] === 1
      let p = z + 3
      p = data.indexOf(0, p) + 1 // language tag
      p = data.indexOf(0, p) + 1 // translated keyword
      const text = data.subarray(p)
      out[data.subarray(0, z).toString('latin1')] = (compressed ? inflateSync(text) : text).toString('utf8')
    }
    if (type === 'IEND') break
    at += 12 + len
  }
  return out
}
