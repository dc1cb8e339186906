// The tempo on posters and in the web app (one module, web/js/tempo-label.js): printed with the
// confidence it has — an unsure metrical level reads "≈92 BPM", with the other levels offered.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { factsLine } from '../../src/poster/index.ts'
import { TEMPO_SURE, tempoAlternatives, tempoLabel } from '../../web/js/tempo-label.js'

test('a sure tempo prints plainly, an unsure one as an estimate with its alternatives', () => {
  assert.equal(tempoLabel(128.4, 0.9), '128 BPM')
  assert.equal(tempoLabel(91.6, TEMPO_SURE - 0.01), '≈92 BPM')
  assert.equal(tempoLabel(91.6), '92 BPM', 'no confidence known: as measured')
  assert.equal(tempoAlternatives([183.2, 61.1, 137], 0.3), 'or 183 / 61')
  assert.equal(tempoAlternatives([183.2], 0.8), '')
  assert.equal(
    factsLine({ bpm: 68, bpmConfidence: 0.2, keyLabel: 'A minor', durationSec: 239.6 }),
    '≈68 BPM · A minor · 4:00',
  )
})
