// Reads what the model manager needs from an ONNX file without loading its weights: graph inputs and
// outputs (names, dtypes, dims), the external-data files its initializers name, and the weight dtype.
// A positioned protobuf scan skips raw_data, so a 1.7 GB graph costs a few thousand small reads.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { isAbsolute, normalize } from 'node:path'
import { AppError } from '../../errors.ts'

/** ONNX TensorProto.DataType numbers -> ONNX Runtime type names (only those the LCM graphs use). */
const ELEM_TYPES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  16: 'bfloat16',
}

export interface GraphIo {
  name: string
  /** 'float32', 'float16', 'int64', ... */
  type: string
  /** Numbers for fixed sizes, strings for symbolic ones ('batch'). */
  dims: (number | string)[]
}

export interface ExternalRef {
  /** Path relative to the graph's folder, as written in the graph. */
  location: string
  /** Bytes the graph expects to find there (max of offset + length over its tensors), 0 if unknown. */
  minBytes: number
}

export interface GraphInfo {
  inputs: GraphIo[]
  outputs: GraphIo[]
  external: ExternalRef[]
  /** Element type most of the float weights use: the model's precision. */
  weightType: 'float32' | 'float16' | 'none'
}

/** A file window: bytes are read through a 64 KiB cache so skipping costs no reads. */
class FileBytes {
  private buf = Buffer.alloc(0)
  private bufPos = 0
  readonly size: number
  constructor(private readonly fd: number) {
    this.size = fstatSync(fd).size
  }
  byte(pos: number): number {
    if (pos < this.bufPos || pos >= this.bufPos + this.buf.length) {
      this.buf = Buffer.alloc(Math.min(65536, this.size - pos))
      this.bufPos = pos
      readSync(this.fd, this.buf, 0, this.buf.length, pos)
    }
    return this.buf[pos - this.bufPos]
  }
  slice(start: number, end: number): Buffer {
    const out = Buffer.alloc(end - start)
    readSync(this.fd, out, 0, out.length, start)
    return out
  }
}

type Bytes = { byte(pos: number): number; slice(start: number, end: number): Buffer }
const bufferBytes = (b: Buffer): Bytes => ({ byte: (p) => b[p], slice: (s, e) => b.subarray(s, e) })

interface Field {
  no: number
  wire: number
  /** Varint value (wire 0). */
  value: number
  /** Payload bounds (wire 2). */
  start: number
  end: number
}

function varint(src: Bytes, pos: number, end: number): [number, number] {
  let v = 0
  let mul = 1
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new Error('truncated varint')
    const b = src.byte(pos++)
    v += (b & 0x7f) * mul
    if (b < 0x80) return [v, pos]
    mul *= 128
  }
  throw new Error('varint too long')
}

/** Iterates the fields of one message between start and end. */
function* fields(src: Bytes, start: number, end: number): Generator<Field> {
  let pos = start
  while (pos < end) {
    const [tag, p1] = varint(src, pos, end)
    const no = Math.floor(tag / 8)
    const wire = tag & 7
    if (wire === 0) {
      const [value, p2] = varint(src, p1, end)
      yield { no, wire, value, start: p1, end: p2 }
      pos = p2
    } else if (wire === 2) {
      const [len, p2] = varint(src, p1, end)
      if (p2 + len > end) throw new Error(`field ${no} runs past its message`)
      yield { no, wire, value: 0, start: p2, end: p2 + len }
      pos = p2 + len
    } else if (wire === 1) pos = p1 + 8
    else if (wire === 5) pos = p1 + 4
    else throw new Error(`unsupported wire type ${wire}`)
  }
}

const text = (src: Bytes, f: Field) => src.slice(f.start, f.end).toString('utf8')

function parseValueInfo(b: Buffer): GraphIo {
  const src = bufferBytes(b)
  const io: GraphIo = { name: '', type: 'unknown', dims: [] }
  for (const f of fields(src, 0, b.length)) {
    if (f.no === 1 && f.wire === 2) io.name = text(src, f)
    if (f.no !== 2 || f.wire !== 2) continue // TypeProto
    for (const t of fields(src, f.start, f.end)) {
      if (t.no !== 1 || t.wire !== 2) continue // tensor_type
      for (const tt of fields(src, t.start, t.end)) {
        if (tt.no === 1 && tt.wire === 0) io.type = ELEM_TYPES[tt.value] ?? `type${tt.value}`
        if (tt.no !== 2 || tt.wire !== 2) continue // shape
        for (const d of fields(src, tt.start, tt.end)) {
          if (d.no !== 1 || d.wire !== 2) continue
          let dim: number | string = '?'
          for (const v of fields(src, d.start, d.end)) {
            if (v.no === 1 && v.wire === 0) dim = v.value
            if (v.no === 2 && v.wire === 2) dim = text(src, v)
          }
          io.dims.push(dim)
        }
      }
    }
  }
  return io
}

/** Scans one initializer (TensorProto) for its dtype and external-data entries, skipping raw_data. */
function scanTensor(src: Bytes, start: number, end: number) {
  let dataType = 0
  let name = ''
  let external = false
  const entries: Record<string, string> = {}
  for (const f of fields(src, start, end)) {
    if (f.no === 2 && f.wire === 0) dataType = f.value
    if (f.no === 8 && f.wire === 2) name = text(src, f)
    if (f.no === 14 && f.wire === 0) external = f.value === 1
    if (f.no === 13 && f.wire === 2) {
      let key = ''
      let value = ''
      for (const e of fields(src, f.start, f.end)) {
        if (e.no === 1 && e.wire === 2) key = text(src, e)
        if (e.no === 2 && e.wire === 2) value = text(src, e)
      }
      entries[key] = value
    }
  }
  return { dataType, name, external: external || 'location' in entries, entries }
}

/** Reads inputs, outputs, external-data references and weight dtype of an ONNX model file. */
export function readGraphInfo(path: string): GraphInfo {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (e) {
    throw new AppError('MODEL_MISSING', `model file ${path} is missing`, { cause: e })
  }
  try {
    return scanModel(new FileBytes(fd), path)
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('MODEL_INVALID', `${path} is not a readable ONNX model: ${(e as Error).message}`, { cause: e })
  } finally {
    closeSync(fd)
  }
}

function scanModel(src: FileBytes, path: string): GraphInfo {
  const info: GraphInfo = { inputs: [], outputs: [], external: [], weightType: 'none' }
  const ext = new Map<string, number>()
  const weights = new Set<string>()
  let f32 = 0
  let f16 = 0
  let sawGraph = false
  for (const top of fields(src, 0, src.size)) {
    if (top.no !== 7 || top.wire !== 2) continue // ModelProto.graph
    sawGraph = true
    for (const g of fields(src, top.start, top.end)) {
      if (g.wire !== 2) continue
      if (g.no === 11) info.inputs.push(parseValueInfo(src.slice(g.start, g.end)))
      else if (g.no === 12) info.outputs.push(parseValueInfo(src.slice(g.start, g.end)))
      else if (g.no === 5) {
        const t = scanTensor(src, g.start, g.end)
        weights.add(t.name)
        if (t.dataType === 1) f32++
        if (t.dataType === 10) f16++
        if (!t.external) continue
        const location = t.entries.location
        if (!location) throw new AppError('MODEL_INVALID', `${path}: an external tensor has no location`)
        if (isAbsolute(location) || normalize(location).startsWith('..'))
          throw new AppError('MODEL_INVALID', `${path}: external data location "${location}" leaves the model folder`)
        const need = Number(t.entries.offset ?? 0) + Number(t.entries.length ?? 0)
        ext.set(location, Math.max(ext.get(location) ?? 0, Number.isFinite(need) ? need : 0))
      }
    }
  }
  if (!sawGraph) throw new Error('no graph in the file')
  // Initializers also appear in graph.input in old exports; they are not feeds.
  info.inputs = info.inputs.filter((i) => !weights.has(i.name))
  info.external = [...ext].map(([location, minBytes]) => ({ location, minBytes }))
  info.weightType = f16 > f32 ? 'float16' : f32 ? 'float32' : 'none'
  return info
}

/** 'fp16' when the model's float inputs or most of its weights are half precision, else 'fp32'. */
export function graphDtype(info: GraphInfo): 'fp16' | 'fp32' {
  const floatInput = info.inputs.find((i) => i.type === 'float16' || i.type === 'float32')
  if (floatInput?.type === 'float16' || info.weightType === 'float16') return 'fp16'
  return 'fp32'
}
