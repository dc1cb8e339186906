// `mus2pic <command>`: serve | fetch | analyze | prompts | poster | models | styles.
// Errors print their message (and code) to stderr and exit non-zero: 2 for usage, 1 otherwise.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { loadConfig } from '../config.ts'
import { ensureDataDirWritable } from '../data-dir.ts'
import { isAppError } from '../errors.ts'
import { commands } from './commands/index.ts'

const USAGE = `Usage: mus2pic <command> [options]

Commands:
  serve                                   run the web app and API (PORT, HOST)
  fetch <url|file>                        download/cache a track, print its path and metadata
  analyze <file|url>... [--json]          tempo, key, energy, mood of whole tracks
  prompts <url|file> [--style S] [--count N] [--seed N] [--json]
  poster <url|file> [--style S] [--variations N]
                    [--size portrait|square|phone|desktop|feed|cover|a4|a3|print-18x24]
                    [--title T] [--artist A] [--subtitle S] [--seed N] [--steps N] [--no-qr]
                    [--art] [--svg] [--out DIR] [--json]
  models list | download [name]           LCM model files (explicit download only)
  models check [dir]                      does a model folder load and generate? (exit 1 if not)
  models import <dir> [--name N] [--copy] adopt an ONNX export you already have
  styles                                  list style presets
  worker                                  scale-out: take jobs from the queue (REDIS_URL, API_URL, WORKER_TOKEN)
  queue status [--json]                   scale-out: queue counts and connected workers

Configuration comes from environment variables (see README).`

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE)
    return name ? 0 : 2
  }
  const cmd = commands[name]
  if (!cmd) {
    console.error(`mus2pic: unknown command "${name}"\n\n${USAGE}`)
    return 2
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: cmd.options as ParseArgsConfig['options'],
      allowPositionals: true,
      strict: true,
    })
    const config = loadConfig()
    if (name !== 'models') ensureDataDirWritable(config.dataDir) // a clear message, not an EROFS stack
    return await cmd.run({ values: values as Record<string, string | boolean | undefined>, positionals, config })
  } catch (e) {
    if (isAppError(e)) {
      console.error(`mus2pic: ${e.message} [${e.code}]`)
      return e.code === 'INVALID_INPUT' || e.code === 'CONFIG_INVALID' ? 2 : 1
    }
    if (e instanceof TypeError && 'code' in e && String((e as { code: string }).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`mus2pic ${name}: ${e.message}\n\n${USAGE}`)
      return 2
    }
    console.error('mus2pic: unexpected error:', e)
    return 1
  }
}
