// `mus2pic models list | download [name] | check [dir] | import <dir> [--name N] [--copy]`: the only ways
// model weights arrive (never implicitly), and the way to tell whether a folder will work before serving.
import { join, resolve } from 'node:path'
import { AppError } from '../../errors.ts'
import { createBar, formatBytes } from '../progress.ts'
import type { Command } from './index.ts'

export const modelsCommand: Command = {
  options: { json: { type: 'boolean' }, name: { type: 'string' }, copy: { type: 'boolean' } },
  async run({ values, positionals, config }) {
    const [sub, arg] = positionals
    const models = await import('../../engine/models/index.ts')
    const engine = await import('../../engine/index.ts')
    if (sub === 'list' || sub === undefined) {
      const device = await engine.resolveDevice(config.engine.device).catch((e: Error) => ({ error: e.message }))
      const listed = models.listModels(config.modelsDir)
      if (!listed.some((m) => m.name === config.engine.model)) {
        const files = models.modelFiles(
          join(config.modelsDir, config.engine.model),
          engine.LCM_FILES.map((path) => ({ path })),
        )
        listed.push({
          name: config.engine.model,
          description: 'imported',
          present: files.every((f) => f.present),
          files,
        })
      }
      const rows = listed.map((m) => ({
        ...m,
        dtype: engine.modelDtype(join(config.modelsDir, m.name)),
        configured: m.name === config.engine.model,
      }))
      if (values.json) {
        // One array, as before; each row says where LCM would run (the same for all) and why.
        const where = 'device' in device ? { device: device.device, deviceReason: device.reason } : device
        console.log(JSON.stringify(rows.map((m) => ({ ...m, ...where }))))
        return 0
      }
      for (const m of rows)
        console.log(
          `${m.configured ? '*' : ' '} ${m.name}  ${m.present ? 'present' : 'missing'}${m.dtype ? `  ${m.dtype}` : ''}` +
            `  ${m.files.map((f) => `${f.present ? '✓' : '✗'} ${f.path}${f.bytes ? ` (${formatBytes(f.bytes)})` : ''}`).join(', ')}`,
        )
      console.log(`* = LCM_MODEL, the model serve and poster load`)
      console.log('device' in device ? `device: ${device.device} - ${device.reason}` : `device: ${device.error}`)
      return 0
    }
    if (sub === 'check') {
      const { checkModelFolder, formatReport } = await import('../../engine/models/check.ts')
      const dir = resolve(arg ?? join(config.modelsDir, config.engine.model))
      const device = await engine.resolveDevice(config.engine.device)
      const report = await checkModelFolder(dir, { device: device.device, threads: config.engine.intraOpThreads })
      console.log(values.json ? JSON.stringify(report) : formatReport(report))
      return report.ok ? 0 : 1
    }
    if (sub === 'import') {
      if (!arg) throw new AppError('INVALID_INPUT', 'usage: mus2pic models import <dir> [--name N] [--copy]')
      const { importModel } = await import('../../engine/models/import.ts')
      const { formatReport } = await import('../../engine/models/check.ts')
      const device = await engine.resolveDevice(config.engine.device)
      try {
        const r = await importModel(arg, {
          modelsDir: config.modelsDir,
          name: typeof values.name === 'string' ? values.name : undefined,
          copy: values.copy === true,
          device: device.device,
        })
        console.log(formatReport(r.report))
        console.log(`${r.mode === 'copy' ? 'copied' : 'linked'} ${resolve(arg)} as ${r.target}`)
        if (r.name !== config.engine.model) console.log(`use it with LCM_MODEL=${r.name}`)
        return 0
      } catch (e) {
        const report = (e as AppError).details as Parameters<typeof formatReport>[0] | undefined
        if (report?.lines) console.log(formatReport(report))
        throw e
      }
    }
    if (sub === 'download') {
      const bar = createBar()
      const ac = new AbortController()
      process.once('SIGINT', () => ac.abort())
      try {
        await models.downloadModel(arg ?? config.engine.model, {
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
      console.log(
        `model ${arg ?? config.engine.model} is ready in ${config.modelsDir}; verify it with "mus2pic models check"`,
      )
      return 0
    }
    throw new AppError(
      'INVALID_INPUT',
      `unknown models subcommand "${sub}": use "list", "download [name]", "check [dir]" or "import <dir>"`,
    )
  },
}
