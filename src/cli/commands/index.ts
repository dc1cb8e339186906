// The CLI's command table: each command declares its options and a run function.
import type { Config } from '../../config.ts'
import { analyzeCommand } from './analyze.ts'
import { fetchCommand } from './fetch.ts'
import { modelsCommand } from './models.ts'
import { posterCommand } from './poster.ts'
import { promptsCommand } from './prompts.ts'
import { serveCommand, stylesCommand } from './serve.ts'
import { queueCommand, workerCommand } from './worker.ts'

export interface CommandContext {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
  config: Config
}

export interface Command {
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>
  run(ctx: CommandContext): Promise<number>
}

export const commands: Record<string, Command> = {
  serve: serveCommand,
  fetch: fetchCommand,
  analyze: analyzeCommand,
  analyse: analyzeCommand,
  prompts: promptsCommand,
  poster: posterCommand,
  models: modelsCommand,
  styles: stylesCommand,
  worker: workerCommand,
  queue: queueCommand,
}
