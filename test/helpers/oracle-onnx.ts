// Oracle ONNX models with the real LCM tensor names whose outputs are known in closed form, so a test
// can compute what the pipeline must produce (lcm-reference.ts):
//   text_encoder: hidden[b,k] = table[ids[b,k] mod 101] @ proj                        (depends on the IDs)
//   unet:         eps[b,c] = mix @ sample[b] + bias + t tScale + cond[b] @ condW + mean_k(hidden[b,k]) @ textW
//   vae_decoder:  image = DepthToSpace_8(vaeW @ latent + vaeBias)                        (linear, NCHW)
// DepthToSpace uses its default DCR mode. With `fp16`, every float input and output is declared
// float16 (Cast at the edges, fp32 inside).
import { join } from 'node:path'
import {
  attrInt,
  attrInts,
  FLOAT,
  FLOAT16,
  floatInit,
  INT32,
  INT64,
  int64s,
  io,
  node,
  save as saveGraph,
  type Dim,
} from './onnx-proto.ts'

export const ORACLE_VOCAB = 101
export const ORACLE_HIDDEN = 8

export interface OracleWeights {
  table: Float32Array // [101, 8]
  proj: Float32Array // [8, 768]
  mix: Float32Array // [4, 4]
  bias: Float32Array // [4]
  tScale: Float32Array // [4]
  condW: Float32Array // [256, 4]
  textW: Float32Array // [768, 4]
  vaeW: Float32Array // [192, 4]
  vaeBias: Float32Array // [192]
}

/** Deterministic weights (own LCG, not src/'s generator) scaled so latents and pixels stay moderate. */
export function oracleWeights(seed = 99): OracleWeights {
  let s = seed >>> 0
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  const fill = (n: number, scale: number) => Float32Array.from({ length: n }, () => rnd() * scale)
  const mix = fill(16, 0.1)
  // near 0.9 I: like a real UNet, eps mostly predicts the noise already in the sample
  for (let c = 0; c < 4; c++) mix[c * 5] += 0.9
  return {
    table: fill(ORACLE_VOCAB * ORACLE_HIDDEN, 1),
    proj: fill(ORACLE_HIDDEN * 768, 0.5),
    mix,
    bias: fill(4, 0.05),
    tScale: fill(4, 2e-4),
    condW: fill(256 * 4, 0.02),
    textW: fill(768 * 4, 0.01),
    vaeW: fill(192 * 4, 0.04),
    vaeBias: fill(192, 0.1),
  }
}

export interface OracleOptions {
  idsType?: 'int32' | 'int64'
  timestepType?: 'int64' | 'float32'
  /** Declare every float input and output (timestep included) float16. */
  fp16?: boolean
  /** fp32 only: each model also outputs its result negated, listed first, so reading outputs by position fails. */
  decoyOutputs?: boolean
}

/** Writes <dir>/text_encoder|unet|vae_decoder/model.onnx for these weights. */
export function writeOracleLcmModel(dir: string, wts: OracleWeights, o: OracleOptions = {}): string {
  const edge = fp16Edges(o.fp16 === true)
  const save = (path: string, graph: Graph) => saveGraph(path, o.decoyOutputs ? withDecoy(graph) : graph)
  const te = edge.outputs([['last_hidden_state', ['batch', 77, 768]]])
  save(join(dir, 'text_encoder', 'model.onnx'), {
    name: 'text_encoder',
    input: [io('input_ids', o.idsType === 'int64' ? INT64 : INT32, ['batch', 77])],
    output: te.output,
    initializer: [
      int64s('vocab_mod', [ORACLE_VOCAB]),
      floatInit('table', [ORACLE_VOCAB, ORACLE_HIDDEN], wts.table),
      floatInit('proj', [ORACLE_HIDDEN, 768], wts.proj),
    ],
    node: [
      node('Cast', ['input_ids'], ['ids64'], [attrInt('to', INT64)]),
      node('Mod', ['ids64', 'vocab_mod'], ['idx']),
      node('Gather', ['table', 'idx'], ['emb'], [attrInt('axis', 0)]),
      node('MatMul', ['emb', 'proj'], [te.name('last_hidden_state')]),
      ...te.nodes,
    ],
  })

  const unetIn = edge.inputs([
    ['sample', ['batch', 4, 'height', 'width']],
    ['encoder_hidden_states', ['batch', 77, 768]],
    ['timestep_cond', ['batch', 256]],
  ])
  const unetOut = edge.outputs([['out_sample', ['batch', 4, 'height', 'width']]])
  const tsType = o.fp16 ? FLOAT16 : o.timestepType === 'float32' ? FLOAT : INT64
  save(join(dir, 'unet', 'model.onnx'), {
    name: 'unet',
    input: [...unetIn.input, io('timestep', tsType, [1])],
    output: unetOut.output,
    initializer: [
      floatInit('mix', [4, 4, 1, 1], wts.mix),
      floatInit('bias', [4], wts.bias),
      floatInit('t_scale', [4], wts.tScale),
      floatInit('cond_w', [256, 4], wts.condW),
      floatInit('text_w', [768, 4], wts.textW),
      int64s('axes23', [2, 3]),
    ],
    node: [
      ...unetIn.nodes,
      node('Conv', [unetIn.name('sample'), 'mix', 'bias'], ['a']),
      node(
        'ReduceMean',
        [unetIn.name('encoder_hidden_states')],
        ['m'],
        [attrInts('axes', [1]), attrInt('keepdims', 0)],
      ),
      node('MatMul', ['m', 'text_w'], ['p']),
      node('MatMul', [unetIn.name('timestep_cond'), 'cond_w'], ['q']),
      node('Cast', ['timestep'], ['tf'], [attrInt('to', FLOAT)]),
      node('Mul', ['tf', 't_scale'], ['tsc']),
      node('Add', ['p', 'q'], ['s']),
      node('Add', ['s', 'tsc'], ['s2']),
      node('Unsqueeze', ['s2', 'axes23'], ['s3']),
      node('Add', ['a', 's3'], [unetOut.name('out_sample')]),
      ...unetOut.nodes,
    ],
  })

  const vaeIn = edge.inputs([['latent_sample', ['batch', 4, 'height', 'width']]])
  const vaeOut = edge.outputs([['sample', ['batch', 3, 'oh', 'ow']]])
  save(join(dir, 'vae_decoder', 'model.onnx'), {
    name: 'vae_decoder',
    input: vaeIn.input,
    output: vaeOut.output,
    initializer: [floatInit('vae_w', [192, 4, 1, 1], wts.vaeW), floatInit('vae_b', [192], wts.vaeBias)],
    node: [
      ...vaeIn.nodes,
      node('Conv', [vaeIn.name('latent_sample'), 'vae_w', 'vae_b'], ['c']),
      node('DepthToSpace', ['c'], [vaeOut.name('sample')], [attrInt('blocksize', 8)]),
      ...vaeOut.nodes,
    ],
  })
  return dir
}

type Graph = { name: string; input: object[]; output: object[]; initializer: object[]; node: object[] }

function withDecoy(g: Graph): Graph {
  const out = g.output[0] as ReturnType<typeof io>
  const decoy = { ...out, name: `${out.name}_negated` }
  return { ...g, output: [decoy, ...g.output], node: [...g.node, node('Neg', [out.name], [decoy.name])] }
}

type Edge = { input: object[]; output: object[]; nodes: object[]; name: (n: string) => string }

// fp32 graphs use the tensors directly; fp16 graphs Cast float16 inputs to float and the float result back.
function fp16Edges(fp16: boolean) {
  const inner = (n: string) => (fp16 ? `${n}_f32` : n)
  return {
    inputs(list: [string, Dim[]][]): Edge {
      return {
        input: list.map(([n, d]) => io(n, fp16 ? FLOAT16 : FLOAT, d)),
        output: [],
        nodes: fp16 ? list.map(([n]) => node('Cast', [n], [inner(n)], [attrInt('to', FLOAT)])) : [],
        name: inner,
      }
    },
    outputs(list: [string, Dim[]][]): Edge {
      return {
        input: [],
        output: list.map(([n, d]) => io(n, fp16 ? FLOAT16 : FLOAT, d)),
        nodes: fp16 ? list.map(([n]) => node('Cast', [inner(n)], [n], [attrInt('to', FLOAT16)])) : [],
        name: inner,
      }
    },
  }
}
