// A real Mus2Pic server for end-to-end and browser tests: 127.0.0.1, random port, temp DATA_DIR,
// a fake YouTube source on loopback serving generated songs, and the built-in sketch engine
// (or any engine passed in). Nothing leaves the machine.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testConfig } from '../../src/config.ts'
import { silentLogger } from '../../src/logger.ts'
import { startServer, type RunningServer } from '../../src/main.ts'
import type { ImageEngine } from '../../src/engine/engine.ts'
import { startFakeYouTube } from './fake-source.ts'
import { encodeWav } from './wav.ts'
import { renderTestSong } from './songs.ts'

export interface TestServer {
  url: string
  dataDir: string
  running: RunningServer
  fake: Awaited<ReturnType<typeof startFakeYouTube>>
  close(): Promise<void>
}

/** The default catalogue: two contrasting songs, a private video and a too-long one. */
export const TEST_VIDEOS = {
  upbeat: 'upbeatTrk01',
  slow: 'slowBallad1',
  private: 'privateVid1',
  live: 'liveStream1',
}

export async function startTestServer(
  opts: { env?: Record<string, string>; engine?: () => Promise<ImageEngine>; dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'm2p-e2e-'))
  const sr = 22050
  const fake = await startFakeYouTube({
    videos: {
      [TEST_VIDEOS.upbeat]: {
        title: 'Neon Run',
        author: 'The Test Tones',
        durationSec: 12,
        wav: encodeWav(
          renderTestSong({ bpm: 128, mode: 'major', tonic: 'C', seconds: 12, loud: true, sampleRate: sr }),
          sr,
        ),
      },
      [TEST_VIDEOS.slow]: {
        title: 'Quiet Harbour',
        author: 'Slow Tides',
        durationSec: 12,
        wav: encodeWav(
          renderTestSong({ bpm: 72, mode: 'minor', tonic: 'A', seconds: 12, loud: false, sampleRate: sr }),
          sr,
        ),
      },
      [TEST_VIDEOS.private]: { title: 'Secret', author: 'X', durationSec: 10, wav: Buffer.alloc(0), private: true },
      [TEST_VIDEOS.live]: { title: 'Live now', author: 'X', durationSec: 0, wav: Buffer.alloc(0), live: true },
    },
  })
  const config = testConfig(dataDir, { PORT: '0', ...opts.env })
  const running = await startServer(config, silentLogger, { source: fake.source, engine: opts.engine })
  return {
    url: running.url,
    dataDir,
    running,
    fake,
    async close() {
      await running.close()
      await fake.close()
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
