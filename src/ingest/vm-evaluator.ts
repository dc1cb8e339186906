// The JavaScript evaluator youtubei.js needs for YouTube's player script (signature and "n"
// deciphering): the extracted script runs in an empty node:vm context with a time limit, never in
// our own realm, so the player code sees no Node globals (process, require, fetch).
import vm from 'node:vm'

/** What youtubei.js hands the evaluator: a function body (extracted player code + a helper) ending in `return process(n, sp, s)`. */
export interface PlayerScript {
  output: string
}

/** Longest a single evaluation may run, ms. */
export const EVAL_TIMEOUT_MS = 5000

/**
 * Runs the script as a function body in a fresh context and returns its `{ n, sig }` result. The
 * arguments are already baked into the script by youtubei.js; `env` is accepted for its interface.
 */
export function evaluatePlayerScript(
  data: PlayerScript,
  _env: Record<string, unknown> = {},
  timeoutMs = EVAL_TIMEOUT_MS,
): { n?: string; sig?: string } {
  const context = vm.createContext({})
  const result = vm.runInContext(`(function () {\n${data.output}\n})()`, context, {
    timeout: timeoutMs,
    filename: 'youtube-player.js',
  })
  // Copy out of the sandbox realm into plain strings.
  return {
    n: typeof result?.n === 'string' ? result.n : undefined,
    sig: typeof result?.sig === 'string' ? result.sig : undefined,
  }
}

let installed = false

/** Installs the evaluator into youtubei.js's platform shim (once per process). */
export async function installPlayerEvaluator(): Promise<void> {
  if (installed) return
  const { Platform } = await import('youtubei.js')
  Platform.load({ ...Platform.shim, eval: (data, env) => evaluatePlayerScript(data, env) })
  installed = true
}
