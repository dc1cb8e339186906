// JSON shapes the API returns for stored rows (paths on disk never leave the server).
import { sketchDepicts } from '../engine/sketch/motifs.ts'
import type { JobRecord, PosterRecord, Store } from '../store/index.ts'

/** Changes when a poster is re-composed: its image URLs are served as immutable, so the URL must change. */
function version(p: PosterRecord): string {
  let h = 0x811c9dc5
  for (const ch of `${p.title}\0${p.author}\0${p.subtitle}\0${p.bytes}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193)
  return (h >>> 0).toString(36)
}

export function posterView(p: PosterRecord) {
  const v = version(p)
  return {
    id: p.id,
    jobId: p.jobId,
    index: p.idx,
    title: p.title,
    author: p.author,
    subtitle: p.subtitle,
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
    imageUrl: `/api/posters/${p.id}/image.png?v=${v}`,
    thumbUrl: `/api/posters/${p.id}/thumb.webp?v=${v}`,
    upscaled: p.upscaled,
    /** Art-only download (no text, no QR), where the artwork was kept. */
    artUrl: p.artPath ? `/api/posters/${p.id}/art.png` : null,
    /** The whole poster as SVG, where the artwork is vector. */
    svgUrl: p.artSvgPath && p.compose ? `/api/posters/${p.id}/poster.svg` : null,
    /** Title, artist and subtitle can be changed (PATCH) without generating again. */
    editable: !!(p.artPath && p.compose),
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
