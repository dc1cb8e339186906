// Decode speed: a generated 5-minute track as WAV, MP3 and Opus, decoded to mono 22,050 Hz Float32
// by src/audio/decode.ts; reported as x realtime (track seconds per wall second), best of 3 runs.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Report } from './run.ts'
import { decodeAudio, resolveFfmpegPath } from '../src/audio/decode.ts'
import { writeWav } from '../test/helpers/wav.ts'

const SECONDS = 300
const SR = 44100

/** Chords, a pulsing bass and a little noise: enough structure that encoders have real work. */
function renderTrack(): Float32Array {
  const out = new Float32Array(SECONDS * SR)
  let seed = 7
  const noise = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  const freqs = [220, 277.18, 329.63, 440]
  for (let i = 0; i < out.length; i++) {
    const t = i / SR
    const chord = Math.floor(t / 2) % 2 ? 1.122 : 1
    let s = 0
    for (const f of freqs) s += Math.sin(2 * Math.PI * f * chord * t) * 0.12
    s += Math.sin(2 * Math.PI * 55 * t) * 0.3 * Math.exp(-((t * 2) % 1) * 6)
    out[i] = s + noise() * 0.02
  }
  return out
}

async function timeDecode(path: string, ffmpegPath: string): Promise<number> {
  let best = Infinity
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now()
    const pcm = await decodeAudio(path, { ffmpegPath })
    best = Math.min(best, performance.now() - t0)
    if (Math.abs(pcm.samples.length / pcm.sampleRate - SECONDS) > 0.1)
      throw new Error(`decoded ${pcm.samples.length / pcm.sampleRate} s of ${path}`)
  }
  return best
}

export default async function (report: Report) {
  report.section(`Decode: generated ${SECONDS / 60}-minute track -> mono 22,050 Hz Float32 (x realtime, best of 3)`)
  const dir = mkdtempSync(join(tmpdir(), 'm2p-bench-decode-'))
  try {
    const system = resolveFfmpegPath()
    const wav = join(dir, 'track.wav')
    await writeWav(wav, renderTrack(), SR)
    const files: [string, string][] = [['WAV 16-bit 44.1 kHz mono', wav]]
    for (const [label, name, codec] of [
      ['MP3 192 kb/s (libmp3lame)', 'track.mp3', ['-c:a', 'libmp3lame', '-b:a', '192k']],
      ['Opus 128 kb/s (libopus, WebM)', 'track.webm', ['-c:a', 'libopus', '-b:a', '128k']],
    ] as const) {
      const out = join(dir, name)
      const r = spawnSync(system, ['-hide_banner', '-v', 'error', '-y', '-i', wav, ...codec, out])
      if (r.status === 0) files.push([label, out])
      else report.row(`${label}: encoder unavailable`, '-', r.stderr.toString().trim().split('\n').at(-1))
    }
    const binaries: [string, string][] = [[`system ffmpeg (${system})`, system]]
    try {
      const shipped = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path
      if (shipped !== system) binaries.push(['@ffmpeg-installer/ffmpeg', shipped])
    } catch {
      // optional package absent: only the system binary is measured
    }
    for (const [binLabel, bin] of binaries) {
      report.line(`  ${binLabel}`)
      for (const [label, path] of files) {
        const ms = await timeDecode(path, bin)
        report.row(
          `    ${label} (${(statSync(path).size / 1048576).toFixed(1)} MB)`,
          `${(SECONDS / (ms / 1000)).toFixed(0)}x`,
          `${ms.toFixed(0)} ms`,
        )
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
