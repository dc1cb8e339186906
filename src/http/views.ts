// JSON shapes the API returns for stored rows (paths on disk never leave the server).
import { sketchDepicts } from '../engine/sketch/motifs.ts'
import type { JobRecord, PosterRecord, Store } from '../store/index.ts'

export function posterView(p: PosterRecord) {
  return {
    id: p.id,
    jobId: p.jobId,
    index: p.idx,
    title: p.title,
    author: p.author,
    style: p.style,
    size: p.size,
    engine: p.engine,
    seed: p.seed,
    prompt: p.prompt,
    // built-in sketches show the subject only for some styles and subjects; AI engines draw the prompt
    depicts: p.engine === 'sketch' ? sketchDepicts(p.style, p.prompt) : true,
    bpm: Math.round(p.bpm * 10) / 10,
    key: `${p.tonic} ${p.mode}`,
    tonic: p.tonic,
    mode: p.mode,
    mood: p.mood,
    palette: p.palette,
    width: p.width,
    height: p.height,
    bytes: p.bytes,
    favourite: p.favourite,
    createdAt: p.createdAt,
    imageUrl: `/api/posters/${p.id}/image.png`,
    thumbUrl: `/api/posters/${p.id}/thumb.webp`,
  }
}

export function jobView(job: JobRecord, store: Store) {
  const audio = job.audioId ? store.media.getAudio(job.audioId) : undefined
  return {
    id: job.id,
    state: job.state,
    input: job.input,
    options: job.options,
    error: job.error,
    timings: job.timings,
    result: job.result,
    attempts: job.attempts,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
    track: audio
      ? {
          audioId: audio.id,
          title: audio.title,
          author: audio.author,
          durationSec: audio.durationSec,
          url: audio.url ?? null,
          source: audio.source,
          audioUrl: `/api/audio/${audio.id}`,
        }
      : null,
    prompts: store.media.getPrompts(job.id),
    posters: store.posters.byJob(job.id).map(posterView),
    eventsUrl: `/api/jobs/${job.id}/events`,
    zipUrl: `/api/jobs/${job.id}/zip`,
  }
}
