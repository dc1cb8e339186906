// `mus2pic models list | download [name]`: the only way model weights arrive (never implicitly).
import { AppError } from '../../errors.ts'
import { createBar, formatBytes } from '../progress.ts'
import type { Command } from './index.ts'

export const modelsCommand: Command = {
  options: { json: { type: 'boolean' } },
  async run({ values, positionals, config }) {
    const [sub, name] = positionals
    const { downloadModel, listModels } = await import('../../engine/models/index.ts')
    if (sub === 'list' || sub === undefined) {
      const models = await listModels(config.modelsDir)
      if (values.json) console.log(JSON.stringify(models))
      else for (const m of models) console.log(JSON.stringify(m))
      return 0
    }
    if (sub === 'download') {
      const bar = createBar()
      const ac = new AbortController()
      process.once('SIGINT', () => ac.abort())
      try {
        await downloadModel(name ?? config.engine.model, {
          modelsDir: config.modelsDir,
          signal: ac.signal,
          onProgress: (p: { file: string; receivedBytes: number; totalBytes: number }) =>
            bar.update(
              p.receivedBytes,
              p.totalBytes || p.receivedBytes,
              `${p.file} ${formatBytes(p.receivedBytes)} / ${formatBytes(p.totalBytes)}`,
            ),
        })
      } finally {
        bar.stop()
      }
      console.log(`model ${name ?? config.engine.model} is ready in ${config.modelsDir}`)
      return 0
    }
    throw new AppError('INVALID_INPUT', `unknown models subcommand "${sub}": use "list" or "download [name]"`)
  },
}
