// Server benchmarks over loopback, the server in its own process: per-stage timings of full jobs
// (sketch and the tiny LCM), POST /api/prompts latency for an analysed track, and GET /healthz and
// POST /api/prompts p99 while a generation runs (targets < 20 ms and < 50 ms), with requests/s.
import type { ChildProcess } from 'node:child_process'
import { startChildServer, stopChild } from '../test/helpers/child-server.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import type { Report } from './run.ts'
import { writeTinyLcmModel } from '../test/helpers/tiny-onnx.ts'
import { readSse } from '../test/helpers/sse.ts'
import { encodeWav } from '../test/helpers/wav.ts'
import { renderTestSong } from '../test/helpers/songs.ts'

const CHILD = new URL('./helpers/bench-server.ts', import.meta.url).pathname

async function startServerProcess(
  env: Record<string, string>,
): Promise<{ url: string; proc: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-bench-srv-'))
  return { ...(await startChildServer(CHILD, { BENCH_DATA_DIR: dir, ...env })), dir }
}

async function stop(s: { proc: ChildProcess; dir: string }) {
  await stopChild(s.proc, 'SIGTERM')
  rmSync(s.dir, { recursive: true, force: true })
}

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

async function runJob(url: string, body: object) {
  const t0 = performance.now()
  const job = await (await postJson(`${url}/api/jobs`, body)).json()
  await readSse(`${url}/api/jobs/${job.id}/events`, {
    until: (e) => e.event === 'state' && ['done', 'failed', 'cancelled'].includes(e.data.state),
    timeoutMs: 300_000,
  })
  const done = await (await fetch(`${url}/api/jobs/${job.id}`)).json()
  if (done.state !== 'done') throw new Error(`job ${done.state}: ${JSON.stringify(done.error)}`)
  return {
    wallMs: performance.now() - t0,
    timings: done.timings as Record<string, number>,
    engineTimings: done.result.engineTimings as Record<string, number>,
    id: job.id as string,
  }
}

function load(url: string, opts: { method?: 'GET' | 'POST'; body?: string; seconds: number; connections: number }) {
  return autocannon({
    url,
    method: opts.method ?? 'GET',
    body: opts.body,
    headers: opts.body ? { 'content-type': 'application/json' } : {},
    duration: opts.seconds,
    connections: opts.connections,
  })
}

const fmtStages = (t: Record<string, number>) =>
  ['queued', 'fetching', 'analyzing', 'prompting', 'generating', 'composing']
    .map((s) => `${s} ${t[s] ?? 0}`)
    .join(' · ')

export default async function (report: Report) {
  report.section('Full jobs: per-stage timings (ms), server in its own process')
  const sketch = await startServerProcess({ ENGINE: 'sketch' })
  try {
    const first = await runJob(sketch.url, { url: 'benchSong01', variations: 4, style: 'synthwave' })
    report.row('sketch, 60 s song, 4 variations, portrait (first: download+analysis)', `${first.wallMs.toFixed(0)} ms`)
    report.line(`    ${fmtStages(first.timings)}`)
    const second = await runJob(sketch.url, { url: 'benchSong01', variations: 4, style: 'bauhaus' })
    report.row('sketch, same song again (audio + analysis cached)', `${second.wallMs.toFixed(0)} ms`)
    report.line(`    ${fmtStages(second.timings)}`)

    report.section('POST /api/prompts for an analysed track (target p50 < 5 ms, p99 < 20 ms)')
    const body = JSON.stringify({ audioId: 'benchSong01', style: 'swiss', count: 4 })
    const r = await load(`${sketch.url}/api/prompts`, { method: 'POST', body, seconds: 5, connections: 4 })
    report.row('p50 / p99 latency', `${r.latency.p50} / ${r.latency.p99} ms`, r.latency.p99 < 20 ? 'ok' : 'OVER TARGET')
    report.row('requests per second (4 connections, 2 cores shared with the client)', Math.round(r.requests.average))
    report.row('non-2xx responses', r.non2xx)

    report.section('A fresh 5-minute file: upload, then POST /api/prompts {audioId}')
    const wav = encodeWav(renderTestSong({ bpm: 118, tonic: 'F', mode: 'major', seconds: 300, loud: true }), 22050)
    const form = new FormData()
    form.set('file', new File([new Uint8Array(wav)], 'five-minutes.wav', { type: 'audio/wav' }))
    const up = await (await fetch(`${sketch.url}/api/uploads`, { method: 'POST', body: form })).json()
    const t0 = performance.now()
    const fresh = await (await postJson(`${sketch.url}/api/prompts`, { audioId: up.audioId, count: 4 })).json()
    const wall = performance.now() - t0
    report.row(
      'decode (ffmpeg) / analysis / prompts',
      `${fresh.timings.decodeMs} / ${fresh.timings.analysisMs} / ${fresh.timings.promptMs} ms`,
    )
    report.row('whole request, wall clock', `${wall.toFixed(0)} ms`, `${(300_000 / wall).toFixed(0)}x realtime`)
    const t1 = performance.now()
    const cached = await (await postJson(`${sketch.url}/api/prompts`, { audioId: up.audioId, count: 4 })).json()
    report.row(
      'same request again (analysis cached)',
      `${(performance.now() - t1).toFixed(1)} ms`,
      `server total ${cached.timings.totalMs} ms`,
    )
  } finally {
    await stop(sketch)
  }

  report.section('While a generation runs (tiny LCM in the worker thread)')
  const modelsDir = mkdtempSync(join(tmpdir(), 'm2p-bench-models-'))
  await writeTinyLcmModel(join(modelsDir, 'lcm-dreamshaper-v7'), {})
  const lcm = await startServerProcess({ ENGINE: 'lcm', MODELS_DIR: modelsDir, ORT_INTRA_THREADS: '1' })
  try {
    const firstLcm = await runJob(lcm.url, { url: 'benchSong02', variations: 4, steps: 4 })
    report.row('tiny LCM job, first (pays model load)', `${firstLcm.wallMs.toFixed(0)} ms`)
    report.line(`    ${fmtStages(firstLcm.timings)}; engine ${JSON.stringify(firstLcm.engineTimings)}`)
    const secondLcm = await runJob(lcm.url, { url: 'benchSong02', variations: 4, steps: 4 })
    report.row('tiny LCM job, second (model cached)', `${secondLcm.wallMs.toFixed(0)} ms`)
    report.line(`    ${fmtStages(secondLcm.timings)}; engine ${JSON.stringify(secondLcm.engineTimings)}`)

    const idleH = await load(`${lcm.url}/healthz`, { seconds: 3, connections: 2 })
    const idleP = await load(`${lcm.url}/api/prompts`, {
      method: 'POST',
      body: JSON.stringify({ audioId: 'benchSong02', count: 4 }),
      seconds: 3,
      connections: 2,
    })
    // keep the engine busy: a queue of 8-variation, 8-step jobs
    const busy = Promise.all(
      Array.from({ length: 3 }, () =>
        runJob(lcm.url, { url: 'benchSong02', variations: 8, steps: 8, size: 'desktop' }),
      ),
    )
    await new Promise((r) => setTimeout(r, 300))
    const busyH = await load(`${lcm.url}/healthz`, { seconds: 3, connections: 2 })
    const busyP = await load(`${lcm.url}/api/prompts`, {
      method: 'POST',
      body: JSON.stringify({ audioId: 'benchSong02', count: 4 }),
      seconds: 3,
      connections: 2,
    })
    const busyJobs = await busy
    report.row(
      'GET /healthz p99: idle / generating (target < 20 ms)',
      `${idleH.latency.p99} / ${busyH.latency.p99} ms`,
      busyH.latency.p99 < 20 ? 'ok' : 'OVER TARGET',
    )
    report.row(
      'POST /api/prompts p99: idle / generating (target < 50 ms)',
      `${idleP.latency.p99} / ${busyP.latency.p99} ms`,
      busyP.latency.p99 < 50 ? 'ok' : 'OVER TARGET',
    )
    report.row(
      'POST /api/prompts requests/s: idle / generating',
      `${Math.round(idleP.requests.average)} / ${Math.round(busyP.requests.average)}`,
    )
    report.row('generation jobs that ran under load', busyJobs.length)
  } finally {
    await stop(lcm)
    rmSync(modelsDir, { recursive: true, force: true })
  }
}
