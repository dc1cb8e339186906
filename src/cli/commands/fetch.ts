// `mus2pic fetch <url|file>`: downloads (or finds in the cache) one track and prints where it is.
import { createLogger } from '../../logger.ts'
import { createServices } from '../../services.ts'
import { onePositional, trackInput } from '../input.ts'
import { createBar, formatBytes } from '../progress.ts'
import type { Command } from './index.ts'

export const fetchCommand: Command = {
  options: { json: { type: 'boolean' } },
  async run({ values, positionals, config }) {
    const input = trackInput(onePositional(positionals, 'URL or file'))
    const services = await createServices(config, createLogger('warn'))
    const bar = createBar()
    try {
      const track = await services.ingest.fetch(input, {
        onProgress: (p) =>
          bar.update(p.receivedBytes, p.totalBytes || p.receivedBytes, `downloading ${formatBytes(p.receivedBytes)}`),
      })
      bar.stop()
      if (values.json)
        console.log(JSON.stringify({ audioId: track.audioId, path: track.path, cached: track.cached, ...track.meta }))
      else {
        console.log(`${track.meta.title} — ${track.meta.author}`)
        console.log(`  audio id  ${track.audioId}${track.cached ? ' (from cache)' : ''}`)
        console.log(`  duration  ${track.meta.durationSec.toFixed(1)} s`)
        console.log(`  file      ${track.path}`)
      }
      return 0
    } finally {
      bar.stop()
      await services.close()
    }
  },
}
