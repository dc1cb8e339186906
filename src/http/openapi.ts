// GET /api/openapi.json: the API described from the same zod schemas that validate requests
// (zod's own JSON Schema output), so the document cannot drift from the code.
import { z } from 'zod'
import { JobRequestSchema } from '../jobs/options.ts'
import { PromptsRequestSchema } from './routes/prompts.ts'

const json = (schema: z.ZodType) => ({
  'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
})
const error = {
  description: 'Error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { code: { type: 'string' }, message: { type: 'string' } },
            required: ['code', 'message'],
          },
        },
      },
    },
  },
}
const ok = (description: string) => ({ description })
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } })

export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mus2Pic API',
      version,
      description: 'Turn a song into posters: analysis, prompts, images, gallery.',
    },
    paths: {
      '/api/prompts': {
        post: {
          summary: 'Prompts, palette and explanation for a track (no images)',
          requestBody: { required: true, content: json(PromptsRequestSchema) },
          responses: { 200: ok('Prompts'), 400: error, 422: error },
        },
      },
      '/api/jobs': {
        post: {
          summary: 'Start a poster job',
          requestBody: { required: true, content: json(JobRequestSchema) },
          responses: { 202: ok('Job accepted'), 400: error, 429: error },
        },
        get: { summary: 'Recent jobs', responses: { 200: ok('Jobs') } },
      },
      '/api/jobs/{id}': {
        get: {
          summary: 'A job with its posters',
          parameters: [idParam('id')],
          responses: { 200: ok('Job'), 404: error },
        },
        delete: {
          summary: 'Cancel a job',
          parameters: [idParam('id')],
          responses: { 200: ok('Cancelled'), 404: error, 409: error },
        },
      },
      '/api/jobs/{id}/events': {
        get: {
          summary: 'Server-Sent Events: state, track, analysis, prompts, step, poster (Last-Event-ID replays)',
          parameters: [idParam('id')],
          responses: { 200: { description: 'text/event-stream' } },
        },
      },
      '/api/jobs/{id}/zip': {
        get: {
          summary: 'All posters of a job + mus2pic.json',
          parameters: [idParam('id')],
          responses: { 200: { description: 'application/zip' }, 404: error },
        },
      },
      '/api/jobs/{id}/prompts': {
        post: {
          summary: 'Continue a job in awaiting_prompts (started with review: true) with the reviewed prompts',
          parameters: [idParam('id')],
          responses: { 202: ok('Job continues'), 400: error, 404: error, 409: error },
        },
      },
      '/api/tokens': {
        post: { summary: 'CLIP tokens of {text}, with BOS/EOS; the limit is 77', responses: { 200: ok('{tokens}') } },
      },
      '/api/posters/{id}/reroll': {
        post: {
          summary: 'One more poster: same prompt, style and size, a new seed ({seed?}); a one-variation job',
          parameters: [idParam('id')],
          responses: { 202: ok('Job accepted'), 404: error },
        },
      },
      '/api/posters/{id}/share': {
        post: {
          summary: 'Share link {url} (idempotent); /s/<token> is public',
          parameters: [idParam('id')],
          responses: { 201: ok('{url, token}') },
        },
        delete: { summary: 'Revoke the share link', parameters: [idParam('id')], responses: { 204: ok('Revoked') } },
      },
      '/api/shares': { get: { summary: 'What is shared, newest first', responses: { 200: ok('Shares') } } },
      '/api/batches': {
        post: {
          summary: 'Several songs at once: {inputs: [{url} | {audioId}], ...options}; playlists expand (max 25)',
          responses: { 202: ok('{id, jobs}'), 400: error, 429: error },
        },
      },
      '/api/batches/{id}': {
        get: {
          summary: 'Batch state (done when every job ended) and its jobs',
          parameters: [idParam('id')],
          responses: { 200: ok('Batch') },
        },
      },
      '/api/batches/{id}/zip': {
        get: {
          summary: 'All posters of a batch, a folder per song',
          parameters: [idParam('id')],
          responses: { 200: { description: 'application/zip' } },
        },
      },
      '/api/uploads': {
        post: {
          summary: 'Upload an audio file (multipart field "file")',
          responses: { 201: ok('{audioId}'), 400: error, 413: error, 415: error },
        },
      },
      '/api/posters': {
        get: {
          summary:
            'Gallery page (keyset: ?before=<id>), filters style, engine, key, mode, mood, bpmMin, bpmMax, favourite, q',
          responses: { 200: ok('Page') },
        },
      },
      '/api/posters/{id}': {
        get: { summary: 'One poster', parameters: [idParam('id')], responses: { 200: ok('Poster'), 404: error } },
        patch: { summary: 'Set favourite', parameters: [idParam('id')], responses: { 200: ok('Poster') } },
        delete: {
          summary: 'Delete a poster and its files',
          parameters: [idParam('id')],
          responses: { 204: ok('Deleted') },
        },
      },
      '/api/posters/{id}/image.png': {
        get: {
          summary: 'Poster PNG (metadata in tEXt chunks)',
          parameters: [idParam('id')],
          responses: { 200: { description: 'image/png' } },
        },
      },
      '/api/posters/{id}/thumb.webp': {
        get: { summary: 'Thumbnail', parameters: [idParam('id')], responses: { 200: { description: 'image/webp' } } },
      },
      '/api/styles': { get: { summary: 'Style presets', responses: { 200: ok('Styles') } } },
      '/api/engines': {
        get: { summary: 'Image engines and whether they are loaded', responses: { 200: ok('Engines') } },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { 200: ok('ok') } } },
      '/readyz': {
        get: { summary: 'Readiness: database and engine', responses: { 200: ok('ready'), 503: ok('not ready') } },
      },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: ok('text/plain') } } },
    },
  }
}
