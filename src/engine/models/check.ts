// `models check`: is a folder a working LCM model? Graph files and the external data they name are
// present; each graph loads in ONNX Runtime; names, dtypes and shapes are what the pipeline feeds and
// reads; then one 64x64 one-step generation, timed. One line per check, for people and for tests.
import { existsSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'
import { AppError } from '../../errors.ts'
import type { ExecutionDevice } from '../lcm/execution-provider.ts'
import { graphDtype, readGraphInfo, type GraphInfo, type GraphIo } from './onnx-graph.ts'

export interface CheckLine {
  ok: boolean
  text: string
}

export interface CheckReport {
  dir: string
  ok: boolean
  lines: CheckLine[]
  /** 'diffusers' (unet/weights.pb), 'optimum' (model.onnx_data), or 'single-file' graphs. */
  layout: string
  dtype?: 'fp32' | 'fp16'
  /** Every file the model needs, relative to dir (graphs, external data, tokenizer, scheduler config). */
  files: string[]
  smokeMs?: number
}

export interface CheckOptions {
  device?: ExecutionDevice
  threads?: number
  /** Skip the smoke generation (listing only). */
  smoke?: boolean
}

type Want = { name: string; types: string[]; dims: (number | 'any')[] }
type Spec = { graph: string; inputs: Want[]; outputs: Want[] }

const FLOAT = ['float32', 'float16']
/** What the pipeline feeds and reads (lcm-onnx.md); 'any' is a batch or spatial size. */
export const LCM_IO: Spec[] = [
  {
    graph: 'text_encoder',
    inputs: [{ name: 'input_ids', types: ['int32', 'int64'], dims: ['any', 77] }],
    outputs: [{ name: 'last_hidden_state', types: FLOAT, dims: ['any', 77, 768] }],
  },
  {
    graph: 'unet',
    inputs: [
      { name: 'sample', types: FLOAT, dims: ['any', 4, 'any', 'any'] },
      { name: 'timestep', types: ['int64', ...FLOAT], dims: [] },
      { name: 'encoder_hidden_states', types: FLOAT, dims: ['any', 77, 768] },
      { name: 'timestep_cond', types: FLOAT, dims: ['any', 256] },
    ],
    outputs: [{ name: 'out_sample', types: FLOAT, dims: ['any', 4, 'any', 'any'] }],
  },
  {
    graph: 'vae_decoder',
    inputs: [{ name: 'latent_sample', types: FLOAT, dims: ['any', 4, 'any', 'any'] }],
    outputs: [{ name: 'sample', types: FLOAT, dims: ['any', 3, 'any', 'any'] }],
  },
]

const fmtDims = (d: readonly (number | string)[]) => `[${d.join(',')}]`
const fmtBytes = (n: number) =>
  n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} KB`

/** Problems of one tensor against what the pipeline needs; [] when it fits. */
function ioProblems(graph: string, kind: 'input' | 'output', want: Want, found: GraphIo[]): string[] {
  const got = found.find((f) => f.name === want.name)
  if (!got) return [`${graph} ${kind} \`${want.name}\` missing; found: ${found.map((f) => `\`${f.name}\``).join(', ')}`]
  const out: string[] = []
  if (!want.types.includes(got.type))
    out.push(`${graph} ${kind} \`${want.name}\` is ${got.type}; expected ${want.types.join(' or ')}`)
  // The timestep may be a scalar, [1] or [B]; other tensors must have the rank and fixed sizes listed.
  const rankOk = want.name === 'timestep' ? got.dims.length <= 1 : got.dims.length === want.dims.length
  const sizesOk = want.dims.every((w, i) => w === 'any' || typeof got.dims[i] !== 'number' || got.dims[i] === w)
  if (!rankOk || !sizesOk) {
    const expected =
      want.name === 'timestep' ? '[] or [1] or [B]' : fmtDims(want.dims.map((w) => (w === 'any' ? 'B' : w)))
    out.push(`${graph} ${kind} \`${want.name}\` has shape ${fmtDims(got.dims)}; expected ${expected}`)
  }
  return out
}

/** Checks a model folder; never throws for a bad folder (the report says what is wrong). */
export async function checkModelFolder(dir: string, o: CheckOptions = {}): Promise<CheckReport> {
  const lines: CheckLine[] = []
  const pass = (text: string) => lines.push({ ok: true, text })
  const fail = (text: string) => lines.push({ ok: false, text })
  const files: string[] = []
  const infos = new Map<string, GraphInfo>()
  let layout = 'single-file'
  let dtype: 'fp32' | 'fp16' | undefined
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    fail(`${dir} is not a folder`)
    return { dir, ok: false, lines, layout, files }
  }
  for (const spec of LCM_IO) {
    const rel = `${spec.graph}/model.onnx`
    const path = join(dir, rel)
    if (!existsSync(path)) {
      fail(`${rel} is missing`)
      continue
    }
    let info: GraphInfo
    try {
      info = readGraphInfo(path)
    } catch (e) {
      fail(`${rel} is unreadable: ${(e as Error).message}`)
      continue
    }
    files.push(rel)
    if (spec.graph === 'unet') dtype = graphDtype(info)
    let extOk = true
    for (const ref of info.external) {
      const extRel = posix.join(spec.graph, ref.location)
      if (ref.location === 'weights.pb') layout = 'diffusers'
      if (ref.location.endsWith('.onnx_data')) layout = 'optimum'
      const extPath = join(dir, extRel)
      if (!existsSync(extPath)) {
        extOk = false
        fail(`${extRel} is missing (named by ${rel})`)
      } else if (statSync(extPath).size < ref.minBytes) {
        extOk = false
        fail(`${extRel} has ${statSync(extPath).size} bytes; ${rel} reads up to byte ${ref.minBytes} (truncated?)`)
      } else files.push(extRel)
    }
    const ext = info.external.map((r) => r.location)
    if (extOk)
      pass(
        `${rel} present (${fmtBytes(statSync(path).size)}${ext.length ? `, external data: ${ext.join(', ')}` : ''}, ${graphDtype(info)})`,
      )
    const problems = [
      ...spec.inputs.flatMap((w) => ioProblems(spec.graph, 'input', w, info.inputs)),
      ...spec.outputs.flatMap((w) => ioProblems(spec.graph, 'output', w, info.outputs)),
    ]
    for (const p of problems) fail(p)
    if (!problems.length) {
      const io = (l: GraphIo[], names: string[]) =>
        names.map((n) => l.find((x) => x.name === n)!).map((x) => `${x.name} ${x.type} ${fmtDims(x.dims)}`)
      pass(
        `${spec.graph} I/O: ${io(
          info.inputs,
          spec.inputs.map((w) => w.name),
        ).join(', ')} -> ` +
          io(
            info.outputs,
            spec.outputs.map((w) => w.name),
          ).join(', '),
      )
    }
    if (extOk) infos.set(spec.graph, info)
  }
  for (const extra of [
    'tokenizer/vocab.json',
    'tokenizer/merges.txt',
    'scheduler/scheduler_config.json',
    'model_index.json',
  ])
    if (existsSync(join(dir, extra))) files.push(extra)
  const vocab = files.includes('tokenizer/vocab.json')
  const merges = files.includes('tokenizer/merges.txt')
  if (vocab !== merges)
    fail(`tokenizer/ has ${vocab ? 'vocab.json' : 'merges.txt'} but not ${vocab ? 'merges.txt' : 'vocab.json'}`)
  else
    pass(
      vocab
        ? 'tokenizer: vocab.json + merges.txt'
        : 'tokenizer: none in the folder, the built-in CLIP vocabulary is used',
    )

  const sessionOpts = { device: o.device ?? 'cpu', intraOpThreads: o.threads ?? 0, interOpThreads: 1 } as const
  const { openSession } = await import('../lcm/onnx-session.ts')
  for (const graph of infos.keys()) {
    const t0 = performance.now()
    try {
      const s = await openSession(join(dir, graph, 'model.onnx'), sessionOpts)
      pass(`${graph} loads in ONNX Runtime on ${sessionOpts.device} (${Math.round(performance.now() - t0)} ms)`)
      await s.release()
    } catch (e) {
      fail(`${graph} does not load: ${(e as Error).message}`)
    }
  }
  let smokeMs: number | undefined
  if (o.smoke !== false && lines.every((l) => l.ok)) {
    const t0 = performance.now()
    try {
      const { LcmPipeline } = await import('../lcm/pipeline.ts')
      const p = await LcmPipeline.load(dir, sessionOpts)
      const t1 = performance.now()
      const out = await p.generate({
        prompts: ['a test pattern'],
        seeds: [1],
        steps: 1,
        guidance: 8.5,
        width: 64,
        height: 64,
      })
      smokeMs = Math.round(performance.now() - t1)
      const img = out.images[0]
      if (img.width !== 64 || img.height !== 64)
        throw new AppError('MODEL_INVALID', `got a ${img.width}x${img.height} image`)
      pass(
        `smoke generation 64x64, 1 step: ${smokeMs} ms (load ${Math.round(t1 - t0)} ms; text encoder ` +
          `${out.timings.textEncoder} ms, unet ${out.timings.unet} ms, vae ${out.timings.vae} ms)`,
      )
    } catch (e) {
      fail(`smoke generation 64x64, 1 step failed: ${(e as Error).message}`)
    }
  }
  return { dir, ok: lines.every((l) => l.ok), lines, layout, dtype, files, smokeMs }
}

/** The report as people read it: one line per check, then a verdict. */
export function formatReport(r: CheckReport): string {
  const failed = r.lines.filter((l) => !l.ok).length
  return [
    `Checking ${r.dir} (${r.layout} layout${r.dtype ? `, ${r.dtype}` : ''})`,
    ...r.lines.map((l) => `${l.ok ? '✓' : '✗'} ${l.text}`),
    failed ? `✗ ${failed} of ${r.lines.length} checks failed` : `✓ all ${r.lines.length} checks passed`,
  ].join('\n')
}
