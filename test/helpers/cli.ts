// Runs a command and collects its exit code and output: the CLI tests start mus2pic as processes.
import { spawn } from 'node:child_process'

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export const BIN = new URL('../../bin/mus2pic.js', import.meta.url).pathname

/** Spawns `cmd args` with `env` over the current environment (logging silenced). */
export function runCommand(cmd: string, args: string[], o: { env?: Record<string, string>; cwd?: string } = {}) {
  return new Promise<RunResult>((resolve) => {
    const p = spawn(cmd, args, {
      cwd: o.cwd,
      env: { ...process.env, LOG_LEVEL: 'silent', ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d) => (stdout += d))
    p.stderr.on('data', (d) => (stderr += d))
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/** `node bin/mus2pic.js args` (tests of npx and linked installs use runCommand directly). */
export const runMus2pic = (args: string[], env: Record<string, string> = {}) =>
  runCommand(process.execPath, [BIN, ...args], { env })
