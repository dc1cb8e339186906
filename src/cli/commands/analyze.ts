// `mus2pic analyze <file|url>... [--json]`: one JSON object per line, in input order, each with its
// `input`; a failing input gives a line with `error` and the rest still run (exit 1 if any failed).
import { analysisToContractJson, formatAnalysisSummary } from '../../audio/index.ts'
import { AppError, isAppError } from '../../errors.ts'
import { createLogger } from '../../logger.ts'
import { createServices } from '../../services.ts'
import { trackInput } from '../input.ts'
import type { Command } from './index.ts'

export const analyzeCommand: Command = {
  options: { json: { type: 'boolean' } },
  async run({ values, positionals, config }) {
    if (!positionals.length) throw new AppError('INVALID_INPUT', 'give at least one file or URL to analyze')
    const services = await createServices(config, createLogger('warn'))
    let failed = 0
    try {
      for (const arg of positionals) {
        try {
          const { track, analysis, timings } = await services.analyseInput(trackInput(arg))
          if (values.json)
            console.log(
              JSON.stringify({
                input: arg,
                audioId: track.audioId,
                title: track.meta.title,
                ...analysisToContractJson(analysis),
                pipelineTimings: timings,
              }),
            )
          else console.log(`${arg}\n${formatAnalysisSummary(analysis)}\n`)
        } catch (e) {
          failed++
          const err = isAppError(e)
            ? { code: e.code, message: e.message }
            : { code: 'INTERNAL', message: String((e as Error).message ?? e) }
          if (values.json) console.log(JSON.stringify({ input: arg, error: err }))
          else console.error(`${arg}: ${err.message} [${err.code}]`)
        }
      }
    } finally {
      await services.close()
    }
    return failed ? 1 : 0
  },
}
