// A JobRunner on real services (SQLite, audio cache, analysis, sketch engine) in a temp DATA_DIR, with
// an uploaded generated song ready to make posters from, and the Hono app around it.
import { mkdtempSync } from 'node:fs'
import { writeFile as fsWriteFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunnerDeps } from '../../src/jobs/runner.ts'
import { JobRequestSchema } from '../../src/jobs/options.ts'
import { createTestApp } from './app.ts'
import { renderTestSong } from './songs.ts'
import { encodeWav } from './wav.ts'

export async function setupRealRunner(o: { dataDir?: string; runner?: Partial<RunnerDeps>; variations?: number } = {}) {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'm2p-runner-real-'))
  const t = await createTestApp({ dataDir, runner: { queueMax: 1, ...o.runner } })
  const wav = join(dataDir, 'song.wav')
  const sr = 22050
  const song = renderTestSong({ bpm: 120, mode: 'major', tonic: 'C', seconds: 6, loud: true, sampleRate: sr })
  await fsWriteFile(wav, encodeWav(song, sr))
  const track = await t.services.ingest.putUpload(wav, 'song.wav')
  const request = JobRequestSchema.parse({ audioId: track.audioId, variations: o.variations ?? 8, qr: false })
  return { ...t, request }
}
