// Tiny LCM models whose weights live in external-data files, as real fp32 exports keep them (diffusers:
// unet/model.onnx + unet/weights.pb; optimum: model.onnx_data): writes the tiny model of tiny-onnx.ts,
// then moves initializers' raw_data out of the chosen graphs into one or several files beside them.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import protobuf from 'protobufjs'
import { writeTinyLcmModel, type TinyModelOptions } from './tiny-onnx.ts'

// The fields tiny-onnx.ts writes plus TensorProto.external_data (13) and data_location (14), so a
// decode/encode round trip keeps everything.
const root = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            type: { type: 'int32', id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
            externalData: { rule: 'repeated', type: 'StringStringEntryProto', id: 13 },
            dataLocation: { type: 'int32', id: 14 },
          },
        },
        StringStringEntryProto: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        TypeProto: { fields: { tensorType: { type: 'TensorTypeProto', id: 1 } } },
        TensorTypeProto: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
        TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
        Dimension: {
          oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
          fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } },
        },
      },
    },
  },
})
const Model = root.lookupType('onnx.ModelProto')

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
