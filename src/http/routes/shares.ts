// Share links. /api/posters/:id/share creates (idempotent) or revokes a poster's link, /api/shares
// lists them; /s/<token> is the public page (no API key: it is a GET outside /api) with Open Graph and
// Twitter card meta, and /s/<token>/image.png the public image. Tokens are 144 random bits.
import { Hono, type Context } from 'hono'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { AppError } from '../../errors.ts'
import { resolveInside } from '../../jobs/poster-files.ts'
import type { PosterRecord } from '../../store/index.ts'
import type { AppDeps } from '../deps.ts'
import { posterView } from '../views.ts'

const TOKEN = /^[A-Za-z0-9_-]{24}$/
const newToken = () => randomBytes(18).toString('base64url') // 24 characters, 144 bits

/** The origin links are written with: PUBLIC_URL when set (behind a proxy), else the request's own. */
const originOf = (c: Context, publicUrl?: string) => (publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '')

export function shareUrl(c: Context, deps: AppDeps, token: string): string {
  return `${originOf(c, deps.config.publicUrl)}/s/${token}`
}

/** POST/DELETE /api/posters/:id/share, mounted by the poster routes on a found poster. */
export function sharePoster(c: Context, deps: AppDeps, p: PosterRecord) {
  const share = deps.store.shares.share(p.id, newToken())
  return c.json({ token: share.token, url: shareUrl(c, deps, share.token), createdAt: share.createdAt }, 201)
}

export function revokeShare(c: Context, deps: AppDeps, p: PosterRecord) {
  if (!deps.store.shares.revoke(p.id)) throw new AppError('NOT_FOUND', `poster ${p.id} has no share link`)
  return c.body(null, 204)
}

/** GET /api/shares: what is shared, newest first, each with its poster. */
export function shareListRoutes(deps: AppDeps) {
  const app = new Hono()
  app.get('/', (c) => {
    const items = deps.store.shares.list().flatMap((s) => {
      const p = deps.store.posters.get(s.posterId)
      return p ? [{ url: shareUrl(c, deps, s.token), createdAt: s.createdAt, poster: posterView(p) }] : []
    })
    return c.json({ items })
  })
  return app
}

export function publicShareRoutes(deps: AppDeps) {
  const app = new Hono()
  const find = (token: string) => {
    const share = TOKEN.test(token) ? deps.store.shares.byToken(token) : undefined
    const p = share && deps.store.posters.get(share.posterId)
    if (!share || !p) throw new AppError('NOT_FOUND', 'this share link does not exist or was revoked')
    return { share, p }
  }

  app.get('/:token/image.png', async (c) => {
    const { p } = find(c.req.param('token'))
    const path = resolveInside(deps.config.dataDir, p.pngPath)
    const data = path ? await readFile(path).catch(() => undefined) : undefined
    if (!data) throw new AppError('NOT_FOUND', 'the image of this poster is gone')
    c.header('Content-Type', 'image/png')
    c.header('Cache-Control', 'public, max-age=300')
    if (c.req.query('download')) c.header('Content-Disposition', `attachment; filename="${fileName(p)}"`)
    return c.body(new Uint8Array(data))
  })

  app.get('/:token', (c) => {
    const token = c.req.param('token')
    let found: ReturnType<typeof find>
    try {
      found = find(token)
    } catch {
      return c.html(page404(), 404)
    }
    const { p } = found
    const base = `${originOf(c, deps.config.publicUrl)}/s/${token}`
    c.header('Cache-Control', 'no-store')
    return c.html(sharePage(p, base))
  })
  return app
}

/** `night-drive-3.png` (or `night-drive-3-art.png`, `.svg`): the song title, not the database id. */
export function fileName(p: Pick<PosterRecord, 'title' | 'idx'>, suffix = '.png'): string {
  const slug =
    p.title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'poster'
  return `${slug}-${p.idx + 1}${suffix}`
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

function sharePage(p: PosterRecord, base: string): string {
  const title = `${p.title}${p.author ? ` — ${p.author}` : ''}`
  const desc = `A ${p.style} poster of “${p.title}” made by Mus2Pic: ${Math.round(p.bpm)} BPM, ${p.tonic} ${p.mode}, ${p.mood}.`
  const img = `${base}/image.png`
  return `<!doctype html>
<html lang="en"><head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Mus2Pic</title>
<meta name="description" content="${esc(desc)}">
<meta property="og:type" content="website"><meta property="og:site_name" content="Mus2Pic">
<meta property="og:title" content="${esc(title)}"><meta property="og:description" content="${esc(desc)}">
<meta property="og:url" content="${esc(base)}"><meta property="og:image" content="${esc(img)}">
<meta property="og:image:width" content="${p.width}"><meta property="og:image:height" content="${p.height}">
<meta property="og:image:alt" content="${esc(`${p.style} poster of ${p.title}`)}">
<meta name="twitter:card" content="summary_large_image"><meta name="twitter:title" content="${esc(title)}">
<meta name="twitter:description" content="${esc(desc)}"><meta name="twitter:image" content="${esc(img)}">
<link rel="stylesheet" href="/share.css"><link rel="icon" href="data:,">
</head><body>
<main class="share">
<img class="poster" src="${esc(img)}" alt="${esc(`${p.style} poster of ${p.title}`)}" width="${p.width}" height="${p.height}">
<div class="info"><h1>${esc(p.title)}</h1><p class="by">${esc(p.author)}</p>
<p class="facts">${Math.round(p.bpm)} BPM · ${esc(`${p.tonic} ${p.mode}`)} · ${esc(p.mood)} · ${esc(p.style)}</p>
<a class="button" href="${esc(img)}?download=1" download="${esc(fileName(p))}">Download PNG</a>
<p class="made">Made with <a href="/">Mus2Pic</a> — song in, posters out.</p></div>
</main></body></html>`
}

function page404(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Link not found · Mus2Pic</title><link rel="stylesheet" href="/share.css"></head><body><main class="share gone">
<h1>This link does not exist or was revoked.</h1><p><a href="/">Make your own posters with Mus2Pic</a></p></main></body></html>`
}
