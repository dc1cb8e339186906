// Tiny LCM models whose weights live in external-data files, as real fp32 exports keep them (diffusers:
// unet/model.onnx + unet/weights.pb; optimum: model.onnx_data): writes the tiny model of tiny-onnx.ts,
// then moves initializers' raw_data out of the chosen graphs into one or several files beside them.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Model } from './onnx-proto.ts'
import { writeTinyLcmModel, type TinyModelOptions } from './tiny-onnx.ts'

interface Tensor {
  name: string
  dataType?: number
  rawData?: Uint8Array
  externalData?: { key: string; value: string }[]
  dataLocation?: number
}
interface Graph {
  node: { input: string[]; output: string[] }[]
  initializer: Tensor[]
  input: { name: string }[]
}

function edit(path: string, change: (g: Graph) => void) {
  const model = Model.toObject(Model.decode(readFileSync(path)), { longs: Number, defaults: false }) as {
    graph: Graph
  }
  change(model.graph)
  writeFileSync(path, Model.encode(Model.fromObject(model)).finish())
}

export interface ExternalModelOptions extends TinyModelOptions {
  /** Graph folders whose weights move out (default ['unet']). */
  graphs?: string[]
  /** External file names, used round-robin over the initializers (default ['weights.pb']). */
  files?: string[]
}

/** Writes a tiny LCM model whose chosen graphs keep their weights in external-data files. */
export function writeTinyExternalModel(dir: string, o: ExternalModelOptions = {}): string {
  writeTinyLcmModel(dir, o)
  const names = o.files ?? ['weights.pb']
  for (const graph of o.graphs ?? ['unet']) {
    const blobs = names.map(() => [] as Uint8Array[])
    const sizes = names.map(() => 0)
    edit(join(dir, graph, 'model.onnx'), (g) => {
      // Shape inputs (int64 axes) must stay inline: exporters move only weights, as here.
      g.initializer
        .filter((t) => t.dataType === 1 && (t.rawData?.length ?? 0) >= 64)
        .forEach((t, i) => {
          const k = i % names.length
          const raw = t.rawData!
          t.externalData = [
            { key: 'location', value: names[k] },
            { key: 'offset', value: String(sizes[k]) },
            { key: 'length', value: String(raw.length) },
          ]
          t.dataLocation = 1
          delete t.rawData
          blobs[k].push(raw)
          // ONNX Runtime reads external tensors at any offset; 64-byte alignment mirrors the exporters.
          const pad = (64 - (raw.length % 64)) % 64
          if (pad) blobs[k].push(new Uint8Array(pad))
          sizes[k] += raw.length + pad
        })
    })
    names.forEach((n, k) => writeFileSync(join(dir, graph, n), Buffer.concat(blobs[k])))
  }
  return dir
}

/** Renames a graph input (and its uses), to build a folder the checker must refuse. */
export function renameGraphInput(path: string, from: string, to: string): void {
  edit(path, (g) => {
    for (const i of g.input) if (i.name === from) i.name = to
    for (const n of g.node) n.input = n.input.map((x) => (x === from ? to : x))
  })
}
