// Terminal progress for CLI commands (cli-progress on stderr, so stdout stays clean for --json).
import cliProgress from 'cli-progress'

export interface Bar {
  update(value: number, total: number, label: string): void
  stop(): void
}

export function createBar(enabled = process.stderr.isTTY === true): Bar {
  if (!enabled) {
    let lastLabel = ''
    return {
      update: (_v, _t, label) => {
        if (label !== lastLabel) process.stderr.write(`${label}\n`)
        lastLabel = label
      },
      stop: () => {},
    }
  }
  const bar = new cliProgress.SingleBar(
    { format: ' {bar} {percentage}% | {label}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(value, total, label) {
      if (!started) {
        bar.start(total, value, { label })
        started = true
      }
      bar.setTotal(Math.max(total, 1))
      bar.update(value, { label })
    },
    stop: () => started && bar.stop(),
  }
}

export const formatBytes = (n: number) => (n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`)
