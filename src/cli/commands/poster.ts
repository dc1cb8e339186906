// `mus2pic poster <url|file>`: the same job pipeline as the server, in-process, with a progress bar;
// the result lands in the same history (SQLite + DATA_DIR) and copies go to --out.
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { AppError } from '../../errors.ts'
import { jobRequestSchema } from '../../jobs/options.ts'
import { artFileOf, posterSvgFor } from '../../jobs/poster-edit.ts'
import { resolveInside } from '../../jobs/poster-files.ts'
import { createLogger } from '../../logger.ts'
import { createJobRunner, createServices } from '../../services.ts'
import { intOption, onePositional, trackInput } from '../input.ts'
import { createBar } from '../progress.ts'
import type { Command } from './index.ts'

const STAGES = ['queued', 'fetching', 'analyzing', 'prompting', 'generating', 'composing', 'done']

export const posterCommand: Command = {
  options: {
    style: { type: 'string' },
    variations: { type: 'string' },
    size: { type: 'string' },
    seed: { type: 'string' },
    steps: { type: 'string' },
    'no-qr': { type: 'boolean' },
    title: { type: 'string' },
    artist: { type: 'string' },
    subtitle: { type: 'string' },
    /** Also copy the art-only PNG (no text, no QR). */
    art: { type: 'boolean' },
    /** Also write the poster as SVG where the artwork is vector (built-in engine). */
    svg: { type: 'boolean' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals, config }) {
    const arg = onePositional(positionals, 'URL or file')
    const services = await createServices(config, createLogger('warn'))
    // The CLI reports failures itself (message + exit code); the runner's logs would only repeat them.
    const runner = createJobRunner(services, createLogger('silent'))
    const bar = createBar()
    try {
      let input = trackInput(arg)
      if ('file' in input) input = { audioId: (await services.ingest.fetch(input, {})).audioId }
      const parsed = jobRequestSchema(config.defaults).safeParse({
        ...input,
        style: values.style,
        variations: intOption(values.variations, 'variations', 1, 8),
        size: values.size,
        seed: intOption(values.seed, 'seed', 0, 2 ** 32 - 1),
        steps: intOption(values.steps, 'steps', 1, 8),
        qr: values['no-qr'] ? false : undefined,
        title: values.title,
        artist: values.artist,
        subtitle: values.subtitle,
      })
      if (!parsed.success)
        throw new AppError(
          'INVALID_INPUT',
          parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
        )
      const job = runner.submit(parsed.data)
      let stage = 'queued'
      let label = 'queued'
      runner.events.subscribe(job.id, (e) => {
        const d = e.data as Record<string, unknown>
        if (e.type === 'state') stage = String(d.state)
        if (e.type === 'track') label = `${d.title} — ${d.author}`
        if (e.type === 'analysis' && d.kind === 'tempo')
          label = `found tempo ${Math.round((d.tempo as { bpm: number }).bpm)} BPM`
        if (e.type === 'analysis' && d.kind === 'key')
          label = `key ${(d.key as { tonic: string }).tonic} ${(d.key as { mode: string }).mode}`
        if (e.type === 'step') label = `generating: step ${d.step}/${d.total}`
        if (e.type === 'poster') label = `poster ${Number(d.index) + 1} done`
        bar.update(Math.max(0, STAGES.indexOf(stage)), STAGES.length - 1, `${stage}: ${label}`)
      })
      await runner.idle()
      bar.stop()
      const done = services.store.jobs.get(job.id)!
      if (done.state !== 'done')
        throw new AppError((done.error?.code as never) ?? 'INTERNAL', done.error?.message ?? `job ended ${done.state}`)
      const outDir = resolve(String(values.out ?? 'posters'))
      await mkdir(outDir, { recursive: true })
      const files: string[] = []
      for (const p of services.store.posters.byJob(job.id)) {
        const dest = join(outDir, `${job.id}-${p.idx + 1}.png`)
        await copyFile(resolveInside(config.dataDir, p.pngPath)!, dest)
        files.push(dest)
        const art = artFileOf(config.dataDir, p)
        if (values.art && art) {
          files.push(join(outDir, `${job.id}-${p.idx + 1}.art.png`))
          await copyFile(art, files[files.length - 1])
        }
        if (values.svg && p.artSvgPath) {
          files.push(join(outDir, `${job.id}-${p.idx + 1}.svg`))
          await writeFile(files[files.length - 1], await posterSvgFor(config.dataDir, p))
        }
      }
      if (values.json) console.log(JSON.stringify({ jobId: job.id, files, timings: done.timings, result: done.result }))
      else {
        console.log(`${files.length} poster(s) in ${outDir}:`)
        for (const f of files) console.log(`  ${f}`)
        console.log(
          `timings (ms): ${Object.entries(done.timings)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        )
      }
      return 0
    } finally {
      bar.stop()
      await runner.shutdown(1000)
      await services.close()
    }
  },
}
