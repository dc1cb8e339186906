// Scale-out throughput: posters per minute through an API with one and with two `mus2pic worker`
// processes (built-in engine, real redis-server), measured side by side in one run, and their ratio.
import { spawnSync } from 'node:child_process'
import type { Report } from './run.ts'
import { startCluster, type Cluster } from '../test/helpers/cluster.ts'
import { encodeWav } from '../test/helpers/wav.ts'
import { renderTestSong } from '../test/helpers/songs.ts'

const JOBS = 8
const VARIATIONS = 2
const SIZE = 'a4' // big enough that generation and composition, not queue overhead, dominate

async function upload(c: Cluster): Promise<string[]> {
  const ids: string[] = []
  for (const [i, bpm] of [96, 124].entries()) {
    const wav = encodeWav(renderTestSong({ bpm, tonic: 'D', mode: 'minor', seconds: 12, loud: true }), 22050)
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(wav)]), `bench ${i}.wav`)
    const res = await fetch(`${c.apiUrl}/api/uploads`, { method: 'POST', body: form })
    ids.push(((await res.json()) as { audioId: string }).audioId)
  }
  return ids
}

async function postersPerMinute(workers: number): Promise<{ perMin: number; seconds: number }> {
  const c = await startCluster({ workers })
  try {
    const audio = await upload(c)
    // warm each worker's copy of the uploads and its engine, so both runs measure steady work
    await runJobs(c, audio, workers)
    const t0 = performance.now()
    await runJobs(c, audio, JOBS)
    const seconds = (performance.now() - t0) / 1000
    return { perMin: (JOBS * VARIATIONS * 60) / seconds, seconds }
  } finally {
    await c.close()
  }
}

async function runJobs(c: Cluster, audio: string[], n: number): Promise<void> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${c.apiUrl}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ audioId: audio[i % audio.length], variations: VARIATIONS, size: SIZE }),
    })
    ids.push(((await res.json()) as { id: string }).id)
  }
  for (const id of ids) {
    for (;;) {
      const job = (await (await fetch(`${c.apiUrl}/api/jobs/${id}`)).json()) as { state: string }
      if (job.state === 'done') break
      if (job.state === 'failed' || job.state === 'cancelled') throw new Error(`bench job ${id} ${job.state}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

export default async function (report: Report): Promise<void> {
  report.section('Scale-out: posters per minute with one and two workers (BullMQ on redis-server, built-in engine)')
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    report.line('  redis-server is not installed (apt-get install redis-server): skipped')
    return
  }
  const one = await postersPerMinute(1)
  const two = await postersPerMinute(2)
  report.row(
    `1 worker: ${JOBS} jobs x ${VARIATIONS} ${SIZE} posters`,
    `${one.perMin.toFixed(1)}/min`,
    `${one.seconds.toFixed(1)} s`,
  )
  report.row(
    `2 workers: ${JOBS} jobs x ${VARIATIONS} ${SIZE} posters`,
    `${two.perMin.toFixed(1)}/min`,
    `${two.seconds.toFixed(1)} s`,
  )
  report.row('ratio two / one', `${(two.perMin / one.perMin).toFixed(2)}x`, 'target >= 1.5x on two cores')
}
