// `mus2pic prompts <url|file> [--style S] [--count N] [--seed N] [--json]`: prompts without images.
import { createLogger } from '../../logger.ts'
import { buildPrompts, featuresFromAnalysis, getStyle, DEFAULT_STYLE } from '../../prompt/index.ts'
import { createServices } from '../../services.ts'
import { intOption, onePositional, trackInput } from '../input.ts'
import type { Command } from './index.ts'

export const promptsCommand: Command = {
  options: {
    style: { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals, config }) {
    const input = trackInput(onePositional(positionals, 'URL or file'))
    const style = getStyle(String(values.style ?? DEFAULT_STYLE))
    const count = intOption(values.count, 'count', 1, 8, 4)!
    const seed = intOption(values.seed, 'seed', 0, 2 ** 32 - 1)
    const services = await createServices(config, createLogger('warn'))
    try {
      const { track, analysis, timings } = await services.analyseInput(input)
      const features = featuresFromAnalysis(analysis)
      const set = buildPrompts(features, { style: style.id, count, seed })
      if (values.json)
        console.log(JSON.stringify({ input: positionals[0], audioId: track.audioId, ...set, features, timings }))
      else {
        console.log(`${track.meta.title} — ${style.name} — palette ${set.palette.join(' ')}`)
        for (const [i, p] of set.prompts.entries())
          console.log(`\n${i + 1}. (${p.tokens} tokens, seed ${p.seed})\n   ${p.text}`)
      }
      return 0
    } finally {
      await services.close()
    }
  },
}
