// Changing a finished poster without generating again: new words are composed over the stored raw
// artwork (<n>.art.png), and the SVG poster is drawn around the stored vector artwork (<n>.art.svg).
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { AppError } from '../errors.ts'
import { composePoster, posterSvg, type PosterText } from '../poster/index.ts'
import type { PosterRecord, Store } from '../store/index.ts'
import { atomicWrite, resolveInside } from './poster-files.ts'

export interface NewWords {
  title?: string
  artist?: string
  subtitle?: string
}

type StoredCompose = Omit<PosterText, 'title' | 'author' | 'subtitle'>

function storedText(p: PosterRecord, w: NewWords = {}): PosterText {
  if (!p.compose) throw new AppError('POSTER_NOT_EDITABLE', `poster ${p.id} was made before posters kept their artwork`)
  return {
    ...(p.compose as StoredCompose),
    title: w.title ?? p.title,
    author: w.artist ?? p.author,
    subtitle: w.subtitle ?? p.subtitle,
  }
}

async function readStored(dataDir: string, rel: string | null, what: string, id: number): Promise<Buffer> {
  const path = rel ? resolveInside(dataDir, rel) : undefined
  const data = path ? await readFile(path).catch(() => undefined) : undefined
  if (!data) throw new AppError('POSTER_NOT_EDITABLE', `poster ${id} has no stored ${what}`)
  return data
}

/** Re-composes poster `p` with new words over its stored artwork; the PNG and thumbnail are replaced. */
export async function recomposePoster(store: Store, dataDir: string, p: PosterRecord, w: NewWords) {
  const text = storedText(p, w)
  const artPng = await readStored(dataDir, p.artPath, 'artwork', p.id)
  const { data, info } = await sharp(artPng).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const image = { width: info.width, height: info.height, data: new Uint8Array(data), seed: text.metadata.seed }
  const out = await composePoster({ ...text, image, artPng })
  const png = resolveInside(dataDir, p.pngPath)
  const thumb = resolveInside(dataDir, p.thumbPath)
  if (!png || !thumb) throw new AppError('POSTER_NOT_FOUND', `the files of poster ${p.id} are gone`)
  await atomicWrite(thumb, out.thumbWebp)
  await atomicWrite(png, out.png)
  store.posters.setWords(p.id, {
    title: text.title,
    author: text.author,
    subtitle: text.subtitle ?? '',
    bytes: out.png.length,
  })
  return store.posters.get(p.id)!
}

/** The whole poster as SVG (vector artwork only); POSTER_NOT_EDITABLE for raster artwork. */
export async function posterSvgFor(dataDir: string, p: PosterRecord): Promise<string> {
  const text = storedText(p)
  if (!p.artSvgPath)
    throw new AppError('POSTER_NOT_EDITABLE', `poster ${p.id} has raster artwork (${p.engine}): no SVG`)
  const art = (await readStored(dataDir, p.artSvgPath, 'vector artwork', p.id)).toString('utf8')
  return posterSvg(text, art)
}

/** Path of the stored raw artwork, for the art-only download. */
export function artFileOf(dataDir: string, p: PosterRecord): string | undefined {
  return p.artPath ? resolveInside(dataDir, p.artPath) : undefined
}
