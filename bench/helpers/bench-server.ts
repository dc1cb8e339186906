// A server process for load benchmarks: real server on 127.0.0.1, fake YouTube on loopback with a
// few generated songs, engine chosen by env (ENGINE, MODELS_DIR). Prints "URL <url>" when ready.
import { testConfig } from '../../src/config.ts'
import { silentLogger } from '../../src/logger.ts'
import { startServer } from '../../src/main.ts'
import { startFakeYouTube } from '../../test/helpers/fake-source.ts'
import { encodeWav } from '../../test/helpers/wav.ts'
import { renderTestSong } from '../../test/helpers/songs.ts'

const sr = 22050
const fake = await startFakeYouTube({
  videos: {
    benchSong01: {
      title: 'Bench Song',
      author: 'Load Testers',
      durationSec: 60,
      wav: encodeWav(
        renderTestSong({ bpm: 124, tonic: 'E', mode: 'minor', seconds: 60, loud: true, sampleRate: sr }),
        sr,
      ),
    },
    benchSong02: {
      title: 'Second Song',
      author: 'Load Testers',
      durationSec: 30,
      wav: encodeWav(
        renderTestSong({ bpm: 90, tonic: 'G', mode: 'major', seconds: 30, loud: false, sampleRate: sr }),
        sr,
      ),
    },
  },
})
const env: Record<string, string> = { PORT: '0', RATE_LIMIT_PER_MIN: '0', QUEUE_MAX: '1000' }
const passed = ['ENGINE', 'MODELS_DIR', 'LCM_MODEL', 'ORT_INTRA_THREADS', 'UPLOAD_MAX_MB', 'MAX_TRACK_SECONDS']
for (const k of [...passed, 'ANALYSIS_WORKERS', 'ANALYSIS_QUEUE_MAX']) if (process.env[k]) env[k] = process.env[k]!
const running = await startServer(testConfig(process.env.BENCH_DATA_DIR!, env), silentLogger, { source: fake.source })
process.stdout.write(`URL ${running.url}\n`)
