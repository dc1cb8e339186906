// `mus2pic serve` runs the server; `mus2pic styles` lists style presets.
import { startServer } from '../../main.ts'
import { listStyles } from '../../prompt/index.ts'
import type { Command } from './index.ts'

export const serveCommand: Command = {
  options: {},
  async run({ config }) {
    const running = await startServer(config)
    console.log(`Mus2Pic is running at ${running.url}`)
    await new Promise<void>((resolve) => {
      for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void running.close().then(resolve))
    })
    return 0
  },
}

export const stylesCommand: Command = {
  options: { json: { type: 'boolean' } },
  async run({ values }) {
    const styles = listStyles()
    if (values.json)
      console.log(JSON.stringify(styles.map((s) => ({ id: s.id, name: s.name, description: s.description }))))
    else for (const s of styles) console.log(`${s.id.padEnd(14)} ${s.name} — ${s.description}`)
    return 0
  },
}
