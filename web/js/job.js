// The job view: stages with live times, what the analysis found as it arrives, the waveform and
// energy, an audio preview, the engine's step bar, cancel, and the posters filling their places.
import { api, explain } from './api.js'
import { $, fmtMs, fmtTime, h, toast } from './dom.js'
import { engineName, posterCard, swatch } from './posters.js'
import { loadPeaks, resetWave, setEnergy } from './wave.js'

const STAGES = [
  ['fetching', 'Fetching the audio'],
  ['analyzing', 'Listening to the whole track'],
  ['prompting', 'Writing the prompts'],
  ['generating', 'Painting the artwork'],
  ['composing', 'Setting the type'],
]
const FINAL = ['done', 'failed', 'cancelled']

/** @type {EventSource|null} */
let source = null
/** @type {any} */
let current = null
let ticker = 0

export const isRunning = () => !!current && !FINAL.includes(current.state)

export function cancelCurrent() {
  if (!isRunning()) return false
  $('#cancel').setAttribute('disabled', '')
  api(`/api/jobs/${current.id}`, { method: 'DELETE' }).catch((e) => toast(e.message))
  return true
}

/** Leaves the job view: stops following events. */
export function leaveJob() {
  source?.close()
  clearInterval(ticker)
}

/** Shows a job and follows its events (the server replays what happened so far) until it ends. */
export function showJob(job, { onRegenerate }) {
  leaveJob()
  current = {
    id: job.id,
    state: job.state,
    found: {},
    options: job.options,
    input: job.input,
    since: performance.now(),
    timings: {},
    posters: [],
  }
  $('#job-title').textContent = job.track?.title ?? 'Fetching the track…'
  $('#job-artist').textContent = job.track?.author ?? ''
  $('#job-eyebrow').textContent = 'Working'
  $('#job-error').hidden = true
  $('#results').hidden = true
  $('#results').removeAttribute('data-complete')
  $('#results').classList.add('working')
  $('#found').textContent = ''
  $('#step-label').textContent = ''
  $('#engine-used').textContent = ''
  current.eta = undefined
  showEta()
  $('#palette').replaceChildren()
  for (const dd of document.querySelectorAll('#facts dd')) dd.textContent = '—'
  for (const el of document.querySelectorAll('#facts > div')) el.classList.remove('known')
  resetWave()
  const preview = /** @type {HTMLAudioElement} */ ($('#preview'))
  preview.hidden = true
  preview.removeAttribute('src')
  const bar = /** @type {HTMLProgressElement} */ ($('#step-progress'))
  bar.value = 0
  bar.max = 1
  $('#stages').replaceChildren(
    ...STAGES.map(([id, label]) =>
      h('li', { 'data-stage': id }, [
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        h('span', { class: 'label', text: label }),
        h('span', { class: 'time' }),
      ]),
    ),
  )
  $('#cancel').hidden = false
  $('#cancel').removeAttribute('disabled')
  $('#zip').setAttribute('href', job.zipUrl)
  $('#zip').setAttribute('download', `mus2pic-${job.id}.zip`)
  $('#again-same').onclick = () => onRegenerate(current, false)
  $('#again-new').onclick = () => onRegenerate(current, true)
  placeholders(job.options?.variations ?? 4, job.options?.size)
  ticker = window.setInterval(tick, 250)

  source = new EventSource(`/api/jobs/${job.id}/events`)
  const on = (type, fn) => source?.addEventListener(type, (e) => fn(JSON.parse(/** @type {MessageEvent} */ (e).data)))
  on('state', setState)
  on('download', (d) => {
    if (d.totalBytes)
      $('#step-label').textContent = `Downloading ${Math.round((100 * d.receivedBytes) / d.totalBytes)}%`
  })
  on('track', (d) => {
    $('#job-title').textContent = d.title
    $('#job-artist').textContent = [d.author, d.durationSec ? fmtTime(d.durationSec) : '', d.cached ? 'from cache' : '']
      .filter(Boolean)
      .join(' · ')
    current.audioId = d.audioId
    prefillWords(d)
    preview.src = `/api/audio/${d.audioId}`
    preview.hidden = false
    loadPeaks(`/api/audio/${d.audioId}`)
  })
  on('analysis', (d) => {
    const f = current.found
    if (d.kind === 'tempo') fact('tempo', (f.tempo = `${Math.round(d.tempo.bpm)} BPM`))
    if (d.kind === 'key') fact('key', (f.key = `${d.key.tonic} ${d.key.mode}`), d.key.camelot)
    if (d.kind === 'mood') fact('mood', (f.mood = d.mood.label))
    if (d.kind === 'energy') {
      fact('energy', energyWord(d.energy.level), `${Math.round(d.energy.loudnessDb)} dB`)
      setEnergy(d.energy.curve)
    }
    const parts = [f.tempo && `tempo ${f.tempo}`, f.key, f.mood].filter(Boolean)
    if (parts.length) $('#found').textContent = 'Found ' + parts.join(' · ')
  })
  on('prompts', (d) => {
    $('#palette').replaceChildren(...d.palette.map(swatch))
    placeholders(d.prompts.length, current.options?.size)
    $('#results').hidden = false
  })
  on('step', (d) => {
    setEta(d.eta)
    bar.max = d.total
    bar.value = d.step
    $('#step-label').textContent = `step ${d.step} of ${d.total}`
  })
  on('poster', async (d) => {
    const p = await api(`/api/posters/${d.posterId}`).catch(() => null)
    if (!p || current?.id !== job.id) return
    current.posters[d.index] = p
    $('#results').hidden = false
    const slot = document.querySelector(`#poster-grid [data-slot="${d.index}"]`)
    const card = posterCard(p, { variation: true, list: current.posters.filter(Boolean) })
    if (slot) slot.replaceWith(card)
    else $('#poster-grid').append(card)
    $('#engine-used').textContent = `Artwork by the ${engineName(p.engine)}.`
  })
  source.onerror = () => {
    if (!isRunning()) source?.close() // the stream ends after the final state; EventSource would retry
  }
}

function fact(name, value, note) {
  const el = /** @type {HTMLElement} */ (document.querySelector(`#facts [data-fact="${name}"]`))
  el.classList.add('known')
  el.querySelector('dd')?.replaceChildren(value, note ? h('small', { text: note }) : '')
}

const energyWord = (level) => (level >= 0.75 ? 'Intense' : level >= 0.5 ? 'High' : level >= 0.28 ? 'Medium' : 'Low')

/** Empty frames in the poster's proportions, replaced as each poster arrives. */
function placeholders(n, size) {
  const grid = $('#poster-grid')
  const have = new Set(current.posters.map((p, i) => p && i))
  const cards = []
  for (let i = 0; i < n; i++) {
    const existing = grid.querySelector(`[data-id="${current.posters[i]?.id}"]`)
    cards.push(
      have.has(i) && existing
        ? existing
        : h('li', { class: `card slot size-${size ?? 'portrait'}`, 'data-slot': String(i), 'aria-hidden': 'true' }, [
            h('div', { class: 'shimmer' }),
          ]),
    )
  }
  grid.replaceChildren(...cards)
}

/** Remembers the server's estimate (seconds left, or null while it has no history yet). */
function setEta(eta) {
  if (eta === undefined) return
  current.eta = eta === null ? null : { seconds: eta.seconds, at: performance.now() }
  showEta()
}

/** "about 12 s left", counted down between events; "estimating…" without history; hidden when over. */
function showEta() {
  const el = $('#eta')
  const eta = current?.eta
  el.hidden = eta === undefined || !isRunning()
  if (el.hidden) return
  if (eta === null) {
    el.textContent = 'estimating…'
    return
  }
  const left = Math.max(0, eta.seconds - (performance.now() - eta.at) / 1000)
  el.textContent =
    left < 1 ? 'almost done' : left < 90 ? `about ${Math.ceil(left)} s left` : `about ${Math.round(left / 60)} min left`
}

function tick() {
  if (!current || !isRunning()) return
  showEta()
  const li = document.querySelector(`#stages li[data-stage="${current.state}"] .time`)
  if (li) li.textContent = fmtMs(performance.now() - current.since)
}

function setState(d) {
  current.state = d.state
  current.since = performance.now()
  setEta(d.eta)
  showEta()
  if (d.state !== 'fetching' && $('#step-label').textContent.startsWith('Downloading'))
    $('#step-label').textContent = ''
  const at = STAGES.findIndex(([id]) => id === d.state)
  for (const li of document.querySelectorAll('#stages li')) {
    const stage = li.getAttribute('data-stage')
    const idx = STAGES.findIndex(([id]) => id === stage)
    li.classList.toggle('active', stage === d.state)
    li.classList.toggle(
      'done',
      d.state === 'done' || (at >= 0 && idx < at) || (d.timings?.[stage] !== undefined && stage !== d.state),
    )
    if (stage === d.state) li.setAttribute('aria-current', 'step')
    else li.removeAttribute('aria-current')
    const ms = d.timings?.[stage]
    if (ms !== undefined && stage !== d.state) li.querySelector('.time').textContent = fmtMs(ms)
  }
  if (d.state === 'queued') $('#job-eyebrow').textContent = 'Waiting in the queue'
  else if (at >= 0) $('#job-eyebrow').textContent = `Working · ${at + 1} of ${STAGES.length}`
  if (d.state === 'done') {
    const total = Object.values(d.timings ?? {}).reduce((a, b) => a + Number(b || 0), 0)
    $('#job-eyebrow').textContent = total ? `Done in ${fmtMs(total)}` : 'Done'
    finish()
    const id = current.id
    // the final list, in order, whatever the race between poster events and this one
    api(`/api/jobs/${id}`).then((job) => {
      if (current?.id !== id) return
      current.posters = job.posters
      $('#results').hidden = false
      $('#poster-grid').replaceChildren(
        ...job.posters.map((p) => posterCard(p, { variation: true, list: job.posters })),
      )
      $('#results').setAttribute('data-complete', 'true')
      $('#results').classList.remove('working')
    })
  } else if (d.state === 'failed' || d.state === 'cancelled') {
    $('#job-eyebrow').textContent = d.state === 'failed' ? 'Could not finish' : 'Cancelled'
    document.querySelector('#stages li.active')?.classList.add(d.state)
    finish()
    for (const slot of document.querySelectorAll('#poster-grid [data-slot]')) slot.remove()
    $('#results').hidden = !current.posters.some(Boolean)
    const el = $('#job-error')
    el.textContent = d.error ? explain(d.error) : 'The job was cancelled. Nothing more will be made.'
    el.hidden = false
  }
}

function finish() {
  $('#cancel').hidden = true
  clearInterval(ticker)
  source?.close()
  for (const li of document.querySelectorAll('#stages li.active')) li.classList.remove('active')
}

/** Once the track is known, the form's empty "Words on the poster" fields start from its tags. */
function prefillWords(track) {
  for (const [sel, v] of [
    ['#w-title', track.title],
    ['#w-artist', track.author],
  ]) {
    const input = /** @type {HTMLInputElement|null} */ (document.querySelector(sel))
    if (input && !input.value && v) input.value = v
  }
}
