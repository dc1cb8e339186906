// The OpenAPI document is built from the app's route table: every registered route is in it with a
// description, request bodies carry the schemas the handlers validate with, and nothing is invented.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp } from '../helpers/app.ts'
import { registeredRoutes, ROUTE_DOCS } from '../../src/http/openapi.ts'

// scale-out on (no Redis is contacted by createApp), so the worker routes are registered too
const ENV = { REDIS_URL: 'redis://127.0.0.1:9', WORKER_TOKEN: 'a-worker-token-of-length' }

interface Doc {
  paths: Record<string, Record<string, { summary: string; requestBody?: { content: Record<string, unknown> } }>>
}

test('every registered route is in the document, described, and the document lists no other', async () => {
  const t = await createTestApp({ env: ENV })
  try {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as Doc
    const routes = registeredRoutes(t.app)
    assert.ok(routes.length >= 25, `routes: ${routes.length}`)
    const documented = new Set<string>()
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        documented.add(`${method.toUpperCase()} ${path}`)
        assert.doesNotMatch(op.summary, /UNDOCUMENTED/, `${method} ${path}`)
      }
    const expected = routes.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)
    assert.deepEqual([...documented].sort(), expected.sort())
    // a description for a route that does not exist is a lie too
    const registered = new Set(routes.map((r) => `${r.method} ${r.path}`))
    assert.deepEqual(
      Object.keys(ROUTE_DOCS).filter((k) => !registered.has(k)),
      [],
    )
    const jobs = doc.paths['/api/jobs'].post.requestBody!.content['application/json'] as {
      schema: { properties: Record<string, unknown> }
    }
    for (const field of ['url', 'audioId', 'style', 'variations', 'size', 'title'])
      assert.ok(field in jobs.schema.properties, field)
  } finally {
    await t.close()
  }
})

test('a route added without a description shows up as undocumented', async () => {
  const t = await createTestApp({ env: ENV })
  try {
    t.app.get('/api/not-described', (c) => c.text('x'))
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as Doc
    assert.match(doc.paths['/api/not-described'].get.summary, /^UNDOCUMENTED/)
  } finally {
    await t.close()
  }
})
