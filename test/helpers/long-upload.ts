// A long generated track as WAV bytes without synthesising every second: a 30 s song tiled to the
// wanted length (the load test and the bench use 20 minutes, ~53 MB at 22050 Hz 16-bit mono).
import { encodeWav } from './wav.ts'
import { renderTestSong } from './songs.ts'

export function longSongWav(seconds: number, sampleRate = 22050): Buffer {
  const loop = encodeWav(
    renderTestSong({ bpm: 122, tonic: 'E', mode: 'minor', seconds: 30, loud: true, sampleRate }),
    sampleRate,
  )
  const data = Math.round(seconds * sampleRate) * 2
  const out = Buffer.alloc(44 + data)
  loop.copy(out, 0, 0, 44) // the header, sizes patched below
  out.writeUInt32LE(36 + data, 4)
  out.writeUInt32LE(data, 40)
  const body = loop.subarray(44)
  for (let at = 0; at < data; at += body.length) body.copy(out, 44 + at, 0, Math.min(body.length, data - at))
  return out
}

/** Uploads WAV bytes to a running server; returns the audio ID. */
export async function uploadWav(url: string, wav: Buffer, name = 'long.wav'): Promise<string> {
  const form = new FormData()
  form.set('file', new File([new Uint8Array(wav)], name, { type: 'audio/wav' }))
  const res = await fetch(`${url}/api/uploads`, { method: 'POST', body: form })
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { audioId: string }).audioId
}

/** Counts of mus2pic_analyses_total by result, read from GET /metrics. */
export async function analysesRunCounts(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const out: Record<string, number> = {}
  for (const m of text.matchAll(/^mus2pic_analyses_total\{result="(\w+)"\} (\d+)/gm)) out[m[1]] = Number(m[2])
  return out
}

/** Polls GET /healthz every `everyMs` until stop() is called; stop() returns each latency in ms. */
export function pollHealth(url: string, everyMs = 20): { stop(): Promise<number[]> } {
  const latencies: number[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const t0 = performance.now()
      const res = await fetch(`${url}/healthz`)
      await res.arrayBuffer()
      const ms = performance.now() - t0
      latencies.push(ms)
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - ms)))
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return latencies
    },
  }
}

/** The p-th percentile (0-100) of `xs`, nearest rank. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}
