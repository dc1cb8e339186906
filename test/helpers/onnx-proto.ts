// A minimal ONNX protobuf writer for tests (protobufjs over the few onnx.proto fields tiny models use):
// value infos, nodes, attributes, initializers and save(). Shared by tiny-onnx.ts and oracle-onnx.ts.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import protobuf from 'protobufjs'

/** onnx.TensorProto.DataType values. */
export const FLOAT = 1
export const INT32 = 6
export const INT64 = 7
export const FLOAT16 = 10

// Field numbers from onnx.proto (only what these models use).
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
/** ModelProto, with TensorProto's external_data (13) and data_location (14) for external-data models. */
export const Model = root.lookupType('onnx.ModelProto')

export type Dim = number | string
export const io = (name: string, elemType: number, dims: Dim[]) => ({
  name,
  type: {
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  },
})
export const node = (opType: string, input: string[], output: string[], attribute: object[] = []) => ({
  opType,
  input,
  output,
  name: `${opType}_${output[0]}`,
  attribute,
})
export const attrInt = (name: string, i: number) => ({ name, i, type: 2 })
export const attrInts = (name: string, ints: number[]) => ({ name, ints, type: 7 })

/** A float32 initializer holding exactly `data`. */
export const floatInit = (name: string, dims: number[], data: Float32Array) => ({
  name,
  dims,
  dataType: FLOAT,
  rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
})
export const int64s = (name: string, values: number[]) => ({
  name,
  dims: [values.length],
  dataType: INT64,
  rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer),
})
export const scalarF = (name: string, v: number) => floatInit(name, [], new Float32Array([v]))

export function save(path: string, graph: object): void {
  mkdirSync(join(path, '..'), { recursive: true })
  const msg = Model.create({
    irVersion: 8,
    producerName: 'mus2pic-tiny',
    opsetImport: [{ domain: '', version: 17 }],
    graph,
  })
  writeFileSync(path, Model.encode(msg).finish())
}
