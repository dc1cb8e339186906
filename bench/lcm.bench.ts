// LCM engine on the tiny generated model at 256 px: pipeline overhead over raw session.run time,
// one batch of 4 vs 4 single runs, and the main thread's event-loop delay while the worker generates.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { Report } from './run.ts'
import { LcmPipeline } from '../src/engine/lcm/pipeline.ts'
import { createLcmEngine } from '../src/engine/lcm/lcm-engine.ts'
import { writeTinyLcmModel } from '../test/helpers/tiny-onnx.ts'
import { median } from './helpers/stats.ts'

const CPU = { device: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 }

export default async function (report: Report) {
  report.section(
    'LCM engine (generated ONNX model with a 128-channel x 8-layer conv UNet, 256x256, 4 steps, CPU, 1 intra-op thread)',
  )
  const dir = mkdtempSync(join(tmpdir(), 'm2p-bench-lcm-'))
  try {
    const model = writeTinyLcmModel(join(dir, 'm'), { heavy: { channels: 128, layers: 8 } })
    const t0 = performance.now()
    const p = await LcmPipeline.load(model, CPU)
    report.row('model load (3 sessions)', `${(performance.now() - t0).toFixed(0)} ms`)
    const prompts = ['neon city at night', 'a quiet lake', 'a dancer mid-leap', 'a lighthouse at dusk']
    const req = (ps: string[], seeds: number[]) => ({
      prompts: ps,
      seeds,
      steps: 4,
      guidance: 8.5,
      width: 256,
      height: 256,
    })
    await p.generate(req(prompts, [1, 2, 3, 4])) // warm-up
    const overheads: number[] = []
    const batchTimes: number[] = []
    const singleTimes: number[] = []
    for (let r = 0; r < 5; r++) {
      const b = await p.generate(req(prompts, [1, 2, 3, 4]))
      overheads.push((b.timings.total - b.timings.sessionRun) / b.timings.sessionRun)
      batchTimes.push(b.timings.total)
      let s = 0
      for (let i = 0; i < 4; i++) s += (await p.generate(req([prompts[i]], [i + 1]))).timings.total
      singleTimes.push(s)
    }
    const oh = median(overheads) * 100
    report.row(
      'pipeline overhead over raw session.run (median of 5)',
      `${oh.toFixed(1)} %`,
      oh <= 5 ? 'ok (target <= 5%)' : 'OVER TARGET',
    )
    report.row(
      'raw session.run per batch of 4',
      `${median(batchTimes.map((t, i) => t / (1 + overheads[i]))).toFixed(0)} ms`,
    )
    report.row(
      'batch of 4 / 4 x batch of 1 (time ratio)',
      (median(batchTimes) / median(singleTimes)).toFixed(2),
      `${median(batchTimes).toFixed(0)} ms vs ${median(singleTimes).toFixed(0)} ms`,
    )

    const engine = createLcmEngine({ modelDir: model, ...CPU })
    await engine.load()
    const h = monitorEventLoopDelay({ resolution: 1 })
    h.enable()
    const t1 = performance.now()
    let runs = 0
    while (performance.now() - t1 < 3000) {
      await engine.generate(req(prompts, [1, 2, 3, 4]))
      runs++
    }
    h.disable()
    const p99 = h.percentile(99) / 1e6
    report.row(
      `main-thread event-loop delay p99 while the worker generated (${runs} batches)`,
      `${p99.toFixed(1)} ms`,
      p99 < 20 ? 'ok (target < 20 ms)' : 'OVER TARGET',
    )
    await engine.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
