// The job view: stages with times, the engine's step bar, partial results as they arrive, the
// energy curve, an audio preview, cancel, and the finished posters.
import { api } from './api.js'
import { $, fmtMs, fmtTime, h } from './dom.js'
import { posterCard, swatch } from './posters.js'

const STAGES = [
  ['fetching', 'Fetching the audio'],
  ['analyzing', 'Listening to the whole track'],
  ['prompting', 'Writing prompts'],
  ['generating', 'Generating artwork'],
  ['composing', 'Composing posters'],
]
const MESSAGES = {
  VIDEO_PRIVATE: 'This video is private.',
  VIDEO_UNAVAILABLE: 'This video is unavailable.',
  VIDEO_LIVE: 'Live streams cannot be turned into posters.',
  VIDEO_AGE_RESTRICTED: 'This video needs a signed-in account (age-restricted).',
}

let source = null
let current = null

export function currentJobId() {
  return current?.id ?? null
}

export function isRunning() {
  return current && !['done', 'failed', 'cancelled'].includes(current.state)
}

export function cancelCurrent() {
  if (!isRunning()) return false
  api(`/api/jobs/${current.id}`, { method: 'DELETE' }).catch(() => {})
  return true
}

/** Shows a job and follows its events until it ends. */
export function showJob(job, { onRegenerate }) {
  source?.close()
  current = { id: job.id, state: job.state, found: {}, options: job.options, input: job.input }
  $('#job-title').textContent = job.track?.title ?? 'Fetching the track…'
  $('#job-artist').textContent = job.track?.author ?? ''
  $('#job-eyebrow').textContent = 'Working'
  $('#job-error').hidden = true
  $('#results').hidden = true
  $('#poster-grid').replaceChildren()
  $('#found').textContent = ''
  $('#step-label').textContent = ''
  $('#energy').replaceChildren()
  $('#palette').replaceChildren()
  const preview = /** @type {HTMLAudioElement} */ ($('#preview'))
  preview.hidden = true
  const bar = /** @type {HTMLProgressElement} */ ($('#step-progress'))
  bar.value = 0
  bar.max = 1
  $('#stages').replaceChildren(...STAGES.map(([id, label]) => h('li', { 'data-stage': id }, [h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'label', text: label }), h('span', { class: 'time' })])))
  $('#cancel').hidden = false
  $('#zip').setAttribute('href', job.zipUrl)
  $('#again-same').onclick = () => onRegenerate(current, false)
  $('#again-new').onclick = () => onRegenerate(current, true)

  source = new EventSource(`/api/jobs/${job.id}/events`)
  const on = (type, fn) => source.addEventListener(type, (e) => fn(JSON.parse(e.data)))
  on('state', (d) => setState(d))
  on('download', (d) => {
    if (d.totalBytes) $('#step-label').textContent = `Downloading ${Math.round((100 * d.receivedBytes) / d.totalBytes)}%`
  })
  on('track', (d) => {
    $('#job-title').textContent = d.title
    $('#job-artist').textContent = `${d.author}${d.durationSec ? ' · ' + fmtTime(d.durationSec) : ''}${d.cached ? ' · from cache' : ''}`
    preview.src = `/api/audio/${d.audioId}`
    preview.hidden = false
  })
  on('analysis', (d) => {
    const f = current.found
    if (d.kind === 'tempo') f.tempo = `${Math.round(d.tempo.bpm)} BPM`
    if (d.kind === 'key') f.key = `${d.key.tonic} ${d.key.mode}`
    if (d.kind === 'mood') f.mood = d.mood.label
    if (d.kind === 'energy') drawCurve(d.energy.curve)
    $('#found').textContent = 'Found ' + [f.tempo, f.key, f.mood].filter(Boolean).join(' · ')
  })
  on('prompts', (d) => $('#palette').replaceChildren(...d.palette.map(swatch)))
  on('step', (d) => {
    bar.max = d.total
    bar.value = d.step
    $('#step-label').textContent = `Step ${d.step} of ${d.total}`
  })
  on('poster', async (d) => {
    const p = await api(`/api/posters/${d.posterId}`)
    $('#results').hidden = false
    $('#poster-grid').append(posterCard(p))
  })
  source.onerror = () => {
    if (!isRunning()) source?.close() // the stream ends after the final state; EventSource would retry
  }
}

function setState(d) {
  current.state = d.state
  if (d.state !== 'fetching' && $('#step-label').textContent.startsWith('Downloading')) $('#step-label').textContent = ''
  for (const li of document.querySelectorAll('#stages li')) {
    const stage = li.getAttribute('data-stage')
    const idx = STAGES.findIndex(([id]) => id === stage)
    const at = STAGES.findIndex(([id]) => id === d.state)
    li.classList.toggle('active', stage === d.state)
    li.classList.toggle('done', d.state === 'done' || (at >= 0 && idx < at))
    const ms = d.timings?.[stage]
    if (ms !== undefined) li.querySelector('.time').textContent = fmtMs(ms)
  }
  if (d.state === 'done') {
    $('#job-eyebrow').textContent = 'Done'
    $('#cancel').hidden = true
    $('#results').hidden = false
    source?.close()
    // the final list, in order, whatever the race between poster events and this one
    const id = current.id
    api(`/api/jobs/${id}`).then((job) => {
      if (current?.id === id) $('#poster-grid').replaceChildren(...job.posters.map((p) => posterCard(p)))
    })
  } else if (d.state === 'failed' || d.state === 'cancelled') {
    $('#job-eyebrow').textContent = d.state === 'failed' ? 'Could not finish' : 'Cancelled'
    $('#cancel').hidden = true
    if (d.error) {
      const el = $('#job-error')
      el.textContent = MESSAGES[d.error.code] ?? d.error.message
      el.hidden = false
    }
    source?.close()
  }
}

function drawCurve(curve) {
  if (!curve?.length) return
  const max = Math.max(...curve, 1e-6)
  const pts = curve.map((v, i) => `${((i / (curve.length - 1)) * 200).toFixed(1)},${(58 - (v / max) * 54).toFixed(1)}`)
  const ns = 'http://www.w3.org/2000/svg'
  const area = document.createElementNS(ns, 'path')
  area.setAttribute('d', `M0,60 L${pts.join(' L')} L200,60 Z`)
  area.setAttribute('class', 'area')
  const line = document.createElementNS(ns, 'polyline')
  line.setAttribute('points', pts.join(' '))
  line.setAttribute('class', 'line')
  $('#energy').replaceChildren(area, line)
}
