// Ten concurrent POST /api/prompts {audioId} for one un-analysed 20-minute upload, the server in its
// own process: analyses run, /healthz latency polled every 20 ms meanwhile, peak RSS, total time.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Report } from './run.ts'
import { startChildServer, stopChild } from '../test/helpers/child-server.ts'
import { analysesRunCounts, longSongWav, percentile, pollHealth, uploadWav } from '../test/helpers/long-upload.ts'

const CHILD = new URL('./helpers/bench-server.ts', import.meta.url).pathname

/** Resident and peak resident memory of a process in MB (Linux /proc; undefined elsewhere). */
function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
  } catch {
    return undefined
  }
}

export default async function (report: Report) {
  report.section('Ten concurrent POST /api/prompts for one fresh 20-minute upload (server in its own process)')
  const dir = mkdtempSync(join(tmpdir(), 'm2p-bench-pool-'))
  const { url, proc } = await startChildServer(CHILD, {
    BENCH_DATA_DIR: dir,
    ENGINE: 'sketch',
    UPLOAD_MAX_MB: '64',
    MAX_TRACK_SECONDS: '1300',
  })
  try {
    const audioId = await uploadWav(url, longSongWav(20 * 60))
    const before = memoryOf(proc.pid!)
    const done0 = (await analysesRunCounts(url)).done ?? 0
    const health = pollHealth(url, 20)
    const t0 = performance.now()
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${url}/api/prompts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ audioId, count: 4 }),
        }).then(async (r) => ({ status: r.status, body: await r.json(), ms: performance.now() - t0 })),
      ),
    )
    const totalMs = performance.now() - t0
    const latencies = await health.stop()
    const after = memoryOf(proc.pid!)
    const runs = ((await analysesRunCounts(url)).done ?? 0) - done0
    const ok = responses.filter((r) => r.status === 200)
    const same = ok.every((r) => JSON.stringify(r.body.features) === JSON.stringify(ok[0]?.body.features))
    const t = ok[0]?.body.timings ?? {}
    report.row('analyses run (target 1)', runs, runs === 1 ? 'ok' : 'NOT SINGLE-FLIGHT')
    report.row('responses 200 / 10, equal features', `${ok.length} / 10, ${same ? 'equal' : 'DIFFERENT'}`)
    report.row('decode (ffmpeg) / analysis in the worker', `${t.decodeMs} / ${t.analysisMs} ms`)
    const slowest = Math.max(...responses.map((r) => r.ms))
    report.row(
      'total time, ten requests (slowest response)',
      `${(totalMs / 1000).toFixed(1)} s`,
      `${slowest.toFixed(0)} ms`,
    )
    const p99 = percentile(latencies, 99)
    report.row(
      `GET /healthz p50 / p99 / max of ${latencies.length} (p99 < 50 ms)`,
      `${percentile(latencies, 50).toFixed(1)} / ${p99.toFixed(1)} / ${Math.max(...latencies).toFixed(0)} ms`,
      p99 < 50 ? 'ok' : 'OVER TARGET',
    )
    if (before && after)
      report.row(
        'server RSS before / after / peak (VmHWM, incl. upload)',
        `${before.rssMb.toFixed(0)} / ${after.rssMb.toFixed(0)} / ${after.peakMb.toFixed(0)} MB`,
      )
  } finally {
    await stopChild(proc, 'SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}
