// A server process for crash tests: started with DATA_DIR and a slow in-process fake YouTube source,
// prints its URL on stdout, and is killed with SIGKILL by the test at chosen points.
import { open } from 'node:fs/promises'
import { testConfig } from '../../src/config.ts'
import { silentLogger } from '../../src/logger.ts'
import { startServer } from '../../src/main.ts'
import type { AudioSource } from '../../src/ingest/types.ts'
import { encodeWav } from './wav.ts'
import { renderTestSong } from './songs.ts'

const dataDir = process.env.CRASH_DATA_DIR!
const bytesPerSec = Number(process.env.CRASH_BYTES_PER_SEC ?? 4_000_000)
const wav = encodeWav(renderTestSong({ bpm: 120, tonic: 'D', mode: 'minor', seconds: 10, loud: true }), 22050)

/** Writes the song to disk slowly, in 16 KB chunks, so a kill lands mid-download. */
const slowSource: AudioSource = {
  name: 'slow-fake',
  async metadata(videoId) {
    return {
      videoId,
      title: 'Crash Test',
      author: 'Dummies',
      durationSec: 10,
      isLive: false,
      formats: [{ mimeType: 'audio/wav', bitrate: 352800, contentLength: wav.length }],
    }
  },
  async download(_id, destPath, opts) {
    const start = opts.startByte ?? 0
    const fh = await open(destPath, start > 0 ? 'a' : 'w')
    try {
      for (let at = start; at < wav.length; at += 16384) {
        if (opts.signal?.aborted) throw new Error('aborted')
        const chunk = wav.subarray(at, Math.min(at + 16384, wav.length))
        await fh.write(chunk)
        opts.onProgress?.({ receivedBytes: at + chunk.length, totalBytes: wav.length })
        await new Promise((r) => setTimeout(r, (chunk.length / bytesPerSec) * 1000))
      }
    } finally {
      await fh.close()
    }
    return { ext: 'wav', bytes: wav.length }
  },
}

const running = await startServer(testConfig(dataDir, { PORT: '0' }), silentLogger, { source: slowSource })
process.stdout.write(`URL ${running.url}\n`)
