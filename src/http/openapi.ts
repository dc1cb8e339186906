// GET /api/openapi.json, built from the application's own route table (Hono's `app.routes`): every
// route the server answers is in the document, described by ROUTE_DOCS with the same zod schemas that
// validate its requests. A route added without a description is listed as such and fails the test
// (test/http/openapi.test.ts), so the document cannot drift from the code.
import type { Hono } from 'hono'
import { z } from 'zod'
import { JobRequestSchema } from '../jobs/options.ts'
import { BatchBody } from './routes/batches.ts'
import { ReviewedPromptsSchema } from './routes/jobs.ts'
import { GalleryQuery, PatchBody } from './routes/posters.ts'
import { PromptsRequestSchema } from './routes/prompts.ts'

export interface RouteDoc {
  summary: string
  /** JSON request body, validated by this schema in the handler. */
  body?: z.ZodType
  /** Query string, validated by this schema. */
  query?: z.ZodType
  /** Status -> description; errors are always `{error:{code,message}}`. */
  responses: Record<number, string>
  /** What the body of a 2xx answer is when it is not JSON. */
  produces?: string
  /** Worker routes authenticate with WORKER_TOKEN instead of the API key. */
  worker?: boolean
}

const ERR = { 400: 'Invalid request', 404: 'Not found' }

/** Keyed by "METHOD /path/:param" exactly as the routes are registered. */
export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'GET /healthz': { summary: 'Liveness', responses: { 200: 'ok' } },
  'GET /readyz': {
    summary: 'Readiness: database, engine, free disk space; details name the engine device and ffmpeg',
    responses: { 200: 'ready', 503: 'not ready' },
  },
  'GET /metrics': { summary: 'Prometheus metrics', responses: { 200: 'metrics' }, produces: 'text/plain' },
  'GET /api/styles': {
    summary: 'Style presets with the palette each gives a typical track',
    responses: { 200: 'Styles' },
  },
  'GET /api/styles/:id/preview.webp': {
    summary: 'A rendered preview of a style',
    responses: { 200: 'Preview', 400: 'Unknown style' },
    produces: 'image/webp',
  },
  'GET /api/settings': { summary: 'The server defaults for new jobs and the choices', responses: { 200: 'Settings' } },
  'GET /api/engines': { summary: 'Image engines: loaded, model, dtype, device and why', responses: { 200: 'Engines' } },
  'GET /api/openapi.json': { summary: 'This document', responses: { 200: 'OpenAPI 3.1' } },
  'GET /api/audio/:audioId': {
    summary: 'The audio of a track (Range requests for seeking)',
    responses: { 200: 'Audio', 206: 'Part of the audio', 404: 'Not found' },
    produces: 'audio/*',
  },
  'POST /api/jobs': {
    summary: 'Start a poster job',
    body: JobRequestSchema,
    responses: { 202: 'Job accepted', ...ERR, 415: 'Not JSON', 429: 'Queue full or rate limited' },
  },
  'GET /api/jobs': { summary: 'Recent jobs', responses: { 200: 'Jobs' } },
  'GET /api/jobs/:id': { summary: 'A job: state, timings, track, prompts, posters', responses: { 200: 'Job', ...ERR } },
  'GET /api/jobs/:id/events': {
    summary: 'Server-Sent Events of a job; Last-Event-ID replays what was missed',
    responses: { 200: 'Event stream', 404: 'Not found' },
    produces: 'text/event-stream',
  },
  'DELETE /api/jobs/:id': { summary: 'Cancel a job', responses: { 200: 'Cancelled', 404: 'Not found', 409: 'Ended' } },
  'GET /api/jobs/:id/zip': {
    summary: 'All posters of a job and mus2pic.json',
    responses: { 200: 'ZIP', 404: 'Not found' },
    produces: 'application/zip',
  },
  'GET /api/posters': {
    summary: 'Gallery page, newest first (keyset pagination with before=)',
    query: GalleryQuery,
    responses: { 200: 'Posters', 400: 'Invalid query' },
  },
  'GET /api/posters/:id': { summary: 'One poster', responses: { 200: 'Poster', ...ERR } },
  'PATCH /api/posters/:id': {
    summary: 'Favourite, or new words (title, artist, subtitle): re-composed from the stored artwork',
    body: PatchBody,
    responses: { 200: 'Poster', ...ERR, 409: 'Not editable' },
  },
  'DELETE /api/posters/:id': { summary: 'Delete a poster and its files', responses: { 204: 'Deleted', ...ERR } },
  'GET /api/posters/:id/image.png': {
    summary: 'The poster',
    responses: { 200: 'PNG', 404: 'Not found' },
    produces: 'image/png',
  },
  'GET /api/posters/:id/thumb.webp': {
    summary: 'Thumbnail',
    responses: { 200: 'WebP', 404: 'Not found' },
    produces: 'image/webp',
  },
  'GET /api/posters/:id/art.png': {
    summary: 'The artwork alone, without text or QR (cover art)',
    responses: { 200: 'PNG', 404: 'Not found', 409: 'No stored artwork' },
    produces: 'image/png',
  },
  'GET /api/posters/:id/poster.svg': {
    summary: 'The whole poster as SVG (built-in engine; text outlined)',
    responses: { 200: 'SVG', 404: 'Not found', 409: 'Raster artwork' },
    produces: 'image/svg+xml',
  },
  'POST /api/prompts': {
    summary: 'Prompts, palette and explanation for a track or features (no images)',
    body: PromptsRequestSchema,
    responses: { 200: 'Prompts', ...ERR, 422: 'Track unusable', 429: 'Busy or rate limited' },
  },
  'POST /api/uploads': {
    summary: 'Store an audio file (multipart field "file") -> audioId',
    responses: { 201: 'Stored', 400: 'Not audio', 413: 'Too large', 415: 'Format not accepted', 422: 'Too short' },
  },
  'POST /api/jobs/:id/prompts': {
    summary: 'Continue a job waiting in awaiting_prompts (started with review: true) with the reviewed prompts',
    body: ReviewedPromptsSchema,
    responses: { 202: 'Job continues', ...ERR, 409: 'Not awaiting prompts' },
  },
  'POST /api/tokens': {
    summary: 'CLIP tokens of {text} (with start and end tokens); the limit is 77',
    responses: { 200: '{tokens, limit}', 400: 'Invalid request' },
  },
  'POST /api/posters/:id/reroll': {
    summary: 'One more poster: same prompt, style, size and words, a new seed ({seed?}); a one-variation job',
    responses: { 202: 'Job accepted', ...ERR },
  },
  'POST /api/posters/:id/share': {
    summary: 'A public share link {url, token} (idempotent); /s/<token> shows the poster',
    responses: { 201: 'Shared', 404: 'Not found' },
  },
  'DELETE /api/posters/:id/share': {
    summary: 'Revoke the share link',
    responses: { 204: 'Revoked', 404: 'Not found' },
  },
  'GET /api/shares': { summary: 'What is shared, newest first', responses: { 200: 'Shares' } },
  'POST /api/batches': {
    summary: 'Several songs at once: {inputs: [{url} | {audioId}], ...job options}; playlists expand (max 25)',
    body: BatchBody,
    responses: { 202: '{id, jobs}', ...ERR, 429: 'Queue full or rate limited' },
  },
  'GET /api/batches/:id': {
    summary: 'Batch state (done when every job ended), counts and jobs',
    responses: { 200: 'Batch', ...ERR },
  },
  'GET /api/batches/:id/zip': {
    summary: 'All posters of a batch, a folder per song',
    responses: { 200: 'ZIP', 404: 'Not found' },
    produces: 'application/zip',
  },
  'GET /s/:token': {
    summary: 'Public share page (Open Graph / Twitter card), no API key needed',
    responses: { 200: 'HTML', 404: 'Revoked or unknown' },
    produces: 'text/html',
  },
  'GET /s/:token/image.png': {
    summary: 'The shared poster image (og:image)',
    responses: { 200: 'PNG', 404: 'Revoked or unknown' },
    produces: 'image/png',
  },
  'GET /api/worker/jobs/:id': {
    summary: 'Scale-out: a job state and the poster indices already delivered',
    responses: { 200: 'Status', 401: 'Bad token', 404: 'Not found' },
    worker: true,
  },
  'PUT /api/worker/jobs/:id/posters/:index': {
    summary: 'Scale-out: deliver a finished poster (multipart: facts, png, thumb, art, artSvg); idempotent',
    responses: { 201: 'Stored', 400: 'Invalid delivery', 401: 'Bad token', 409: 'Job no longer wants it' },
    worker: true,
  },
  'GET /api/worker/audio/:audioId': {
    summary: 'Scale-out: an uploaded track for a worker',
    responses: { 200: 'Audio', 401: 'Bad token', 404: 'Not found' },
    produces: 'application/octet-stream',
    worker: true,
  },
}

/** The routes an app answers: method and path as registered (middleware and the static site left out). */
export function registeredRoutes(app: Hono): { method: string; path: string }[] {
  const seen = new Set<string>()
  const out: { method: string; path: string }[] = []
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.path.includes('*')) continue
    const key = `${r.method} ${r.path}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ method: r.method, path: r.path })
  }
  return out
}

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' })
const ERROR_BODY = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
}

function operation(method: string, path: string, doc: RouteDoc | undefined) {
  if (!doc) return { summary: `UNDOCUMENTED: add "${method} ${path}" to ROUTE_DOCS`, responses: {} }
  const params = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  const query = doc.query ? (jsonSchema(doc.query) as { properties?: Record<string, object> }).properties : undefined
  const queryParams = Object.entries(query ?? {}).map(([name, schema]) => ({ name, in: 'query', schema }))
  const responses = Object.fromEntries(
    Object.entries(doc.responses).map(([status, description]) => [
      status,
      Number(status) >= 400
        ? { description, content: { 'application/json': { schema: ERROR_BODY } } }
        : { description, ...(doc.produces ? { content: { [doc.produces]: {} } } : {}) },
    ]),
  )
  return {
    summary: doc.summary,
    ...(params.length || queryParams.length ? { parameters: [...params, ...queryParams] } : {}),
    ...(doc.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body) } } } }
      : {}),
    ...(doc.worker ? { security: [{ workerToken: [] }] } : {}),
    responses,
  }
}

export function openApiDocument(app: Hono, version: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const { method, path } of registeredRoutes(app)) {
    const openPath = path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, '{$1}')
    paths[openPath] ??= {}
    paths[openPath][method.toLowerCase()] = operation(method, path, ROUTE_DOCS[`${method} ${path}`])
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mus2Pic API',
      version,
      description: 'Turn a song into posters: analysis, prompts, images, gallery.',
    },
    // With API_KEY set, writes (and with PROTECT_READS, reads) need the key; without it, nothing does.
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer', description: 'The same API key as a Bearer token' },
        workerToken: { type: 'http', scheme: 'bearer', description: 'WORKER_TOKEN (scale-out workers only)' },
      },
    },
    security: [{}, { apiKey: [] }, { bearer: [] }],
    paths,
  }
}
