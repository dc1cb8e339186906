import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Utils } from 'youtubei.js'
import { evaluatePlayerScript } from '../../src/ingest/vm-evaluator.ts'

// A stand-in for the script youtubei.js extracts from YouTube's player: `exportedVars.nsigFunction`
// builds a URL-like object whose prototype methods rewrite n and the signature.
const PLAYER = `
const exportedVars = (function () {
  class U {
    constructor(url, sp, s) { this.q = { n: /[?&]n=([^&]*)/.exec(url)[1] }; if (sp) this.q[sp] = s }
    get(k) { return this.q[k] }
    set(k, v) { this.q[k] = v }
    scramble() { this.q.n = this.q.n.split('').reverse().join('') + typeof require + typeof globalThis.process }
    sign() { for (const k of Object.keys(this.q)) if (k !== 'n') this.q[k] = this.q[k].toUpperCase() }
  }
  return { nsigFunction: (url, sp, s) => new U(url, sp, s) }
})({});`

test('runs the player script in a vm context and returns the transformed n and signature', () => {
  const output = `${PLAYER}\n${Utils.getNsigProcessorFn('abc123', 'sig', 'xyz')}`
  const r = evaluatePlayerScript({ output }, { n: 'abc123', sp: 'sig', sig: 'xyz' })
  // "undefined" twice: the script sees neither require nor Node's process object.
  assert.equal(r.n, '321cbaundefinedundefined')
  assert.equal(r.sig, 'XYZ')
})

test('a runaway player script is stopped by the time limit', () => {
  assert.throws(() => evaluatePlayerScript({ output: 'for (;;) {}' }, { n: 'a' }, 50), /timed out/)
})
