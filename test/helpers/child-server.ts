// Starts a server script in a child process and waits for its "URL <url>" line (crash tests, benches).
import { spawn, type ChildProcess } from 'node:child_process'

export async function startChildServer(
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (d) => {
      out += d
      const m = /URL (\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)))
  })
  return { url, proc }
}

/** Stops a child with a signal and waits for it to exit. */
export function stopChild(proc: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve()
    proc.once('exit', () => resolve())
    proc.kill(signal)
  })
}
