// The job view: stages with live times, what the analysis found as it arrives, the waveform and
// energy, an audio preview, the engine's step bar, cancel, and the posters filling their places.
import { api, explain } from './api.js'
import { tempoAlternatives, tempoLabel } from './tempo-label.js'
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
export function showJob(job, { onRegenerate, onRetry, earlier = undefined }) {
  leaveJob()
  showEarlier(earlier)
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
  const isUpload = !job.input?.url
  $('#job-title').textContent = job.track?.title ?? (isUpload ? 'Reading the upload…' : 'Fetching the track…')
  $('#job-artist').textContent = job.track?.author ?? ''
  $('#job-eyebrow').textContent = 'Working'
  $('#job-error').hidden = true
  $('#job-retry').hidden = true
  $('#review-panel').hidden = true
  $('#view-job').classList.remove('folded', 'unfolded')
  $('#fold-toggle').onclick = () => {
    const open = $('#view-job').classList.toggle('unfolded')
    $('#fold-toggle').setAttribute('aria-expanded', String(open))
    $('#fold-toggle').textContent = open ? 'Hide details' : 'Show details'
  }
  $('#fold-summary').hidden = true
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
        // an upload is already on the server: its first stage only reads the stored file
        h('span', { class: 'label', text: id === 'fetching' && isUpload ? 'Reading the uploaded file' : label }),
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
  $('#retry').onclick = () => onRetry?.(current, false)
  $('#retry-upload').onclick = () => onRetry?.(current, true)
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
    // an upload is always "cached" (it was stored on upload): only a link can be served from cache
    // and a job resumed after review fetched it itself a moment ago (its first track event)
    const cached = d.cached && !!current.input?.url && !current.audioId
    $('#job-artist').textContent = [d.author, d.durationSec ? fmtTime(d.durationSec) : '', cached ? 'from cache' : '']
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
    if (d.kind === 'tempo') {
      const { bpm, confidence, alternatives } = d.tempo
      fact('tempo', (f.tempo = tempoLabel(bpm, confidence)), tempoAlternatives(alternatives, confidence))
    }
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
    // the final list (on "done") may have been drawn while this poster was being fetched: never twice
    if (document.querySelector(`#poster-grid [data-id="${p.id}"]`)) return
    const slot = document.querySelector(`#poster-grid [data-slot="${d.index}"]`)
    const card = posterCard(p, cardOptions(current.posters.filter(Boolean)))
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
  const previous = current.state
  current.state = d.state
  current.since = performance.now()
  setEta(d.eta)
  showEta()
  if (d.state !== 'fetching' && $('#step-label').textContent.startsWith('Downloading'))
    $('#step-label').textContent = ''
  if (d.state === 'failed' || d.state === 'cancelled') return ended(d, previous)
  if (d.state === 'awaiting_prompts') {
    markStages('generating', d.timings)
    $('#job-eyebrow').textContent = 'Waiting for your prompts'
    $('#cancel').hidden = false
    showReview(d.prompts ?? [])
    return
  }
  $('#review-panel').hidden = true
  markStages(d.state, d.timings)
  const at = STAGES.findIndex(([id]) => id === d.state)
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
      current.options = job.options // reviewed prompts were added after the job started
      $('#results').hidden = false
      $('#poster-grid').replaceChildren(...job.posters.map((p) => posterCard(p, cardOptions(job.posters))))
      $('#results').setAttribute('data-complete', 'true')
      $('#results').classList.remove('working')
      foldProgress(total)
    })
  }
}

/** Batches made before on this page (Regenerate, New seed), newest first, kept above the new one. */
const batches = []

/** @param {{ title: string, posters: any[] } | undefined} batch */
function showEarlier(batch) {
  if (!batch) batches.length = 0
  else if (batch.posters.length) batches.unshift(batch)
  const box = $('#earlier')
  box.hidden = !batches.length
  box.replaceChildren(
    ...batches.flatMap((b, i) => [
      h('h2', { class: 'earlier-title', text: i === 0 ? 'Previous batch' : `Batch ${batches.length - i}` }),
      h(
        'ul',
        { class: 'grid earlier-grid', 'aria-label': `Earlier posters: ${b.title}` },
        b.posters.map((p) => posterCard(p, { variation: true, list: b.posters })),
      ),
    ]),
  )
}

/** Marks stages before `state` done (with their times) and `state` active; never unmarks a finished one. */
function markStages(state, timings) {
  const at = STAGES.findIndex(([id]) => id === state)
  for (const li of document.querySelectorAll('#stages li')) {
    const stage = li.getAttribute('data-stage') ?? ''
    const idx = STAGES.findIndex(([id]) => id === stage)
    const done = state === 'done' || (at >= 0 && idx < at) || (timings?.[stage] !== undefined && stage !== state)
    li.classList.toggle('active', stage === state)
    if (done) li.classList.add('done')
    if (stage === state) li.setAttribute('aria-current', 'step')
    else li.removeAttribute('aria-current')
    const ms = timings?.[stage]
    if (ms !== undefined && stage !== state)
      /** @type {HTMLElement} */ (li.querySelector('.time')).textContent = fmtMs(ms)
  }
}

/** Failed or cancelled: finished stages keep their marks, the one that was running is marked, and a way on. */
function ended(d, previous) {
  const failed = d.state === 'failed'
  $('#job-eyebrow').textContent = failed ? 'Could not finish' : 'Cancelled'
  const stage = previous === 'awaiting_prompts' ? 'generating' : previous
  const li = document.querySelector(`#stages li[data-stage="${stage}"]`)
  if (li && !li.classList.contains('done')) li.classList.add(d.state)
  finish()
  $('#review-panel').hidden = true
  for (const slot of document.querySelectorAll('#poster-grid [data-slot]')) slot.remove()
  $('#results').hidden = !current.posters.some(Boolean)
  if (!current.audioId && !current.posters.some(Boolean))
    $('#job-title').textContent = current.input?.url ? 'Could not fetch the track' : 'Could not read the file'
  const el = $('#job-error')
  el.textContent = d.error ? explain(d.error) : 'The job was cancelled. Nothing more will be made.'
  el.hidden = false
  $('#job-retry').hidden = false
  // a link that failed to download can still be made from the file itself
  $('#retry-upload').hidden = !(failed && current.input?.url)
}

/** Done: the progress folds into one line and the posters come into view. */
function foldProgress(total) {
  const n = current.posters.length
  $('#fold-summary').hidden = false
  $('#fold-text').textContent = [
    `${n} poster${n === 1 ? '' : 's'}`,
    current.found.tempo,
    current.found.key,
    current.found.mood,
    total ? `done in ${fmtMs(total)}` : '',
  ]
    .filter(Boolean)
    .join(' · ')
  $('#view-job').classList.add('folded')
  $('#results').scrollIntoView({
    behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    block: 'start',
  })
}

const cardOptions = (list) => ({ variation: true, list, onReroll: addReroll })

/** A re-rolled poster joins this song's results, right after the one it came from. */
function addReroll(from, poster) {
  if (!current) return
  current.posters.push(poster)
  const card = posterCard(poster, cardOptions(current.posters))
  const after = document.querySelector(`#poster-grid [data-id="${from.id}"]`)
  if (after) after.after(card)
  else $('#poster-grid').append(card)
}

/** The prompt editor: suggested prompts, editable, with a live CLIP token count and a reset each. */
function showReview(prompts) {
  const list = $('#review-list')
  const id = current.id
  list.replaceChildren(
    ...prompts.map((p, i) => {
      const area = /** @type {HTMLTextAreaElement} */ (
        h('textarea', {
          id: `prompt-${i}`,
          rows: 3,
          maxlength: 600,
          spellcheck: 'true',
          'aria-describedby': `tokens-${i}`,
        })
      )
      area.value = p.text
      const count = h('span', {
        class: 'tokens',
        id: `tokens-${i}`,
        'aria-live': 'polite',
        text: `${p.tokens} / 77 tokens`,
      })
      const reset = h('button', { type: 'button', class: 'ghost small', text: 'Reset', disabled: true })
      let t = 0
      const recount = () => {
        reset.toggleAttribute('disabled', area.value === p.text)
        clearTimeout(t)
        t = window.setTimeout(async () => {
          const r = await api('/api/tokens', { method: 'POST', json: { text: area.value } }).catch(() => null)
          if (!r || current?.id !== id) return
          count.textContent = `${r.tokens} / ${r.limit} tokens`
          count.classList.toggle('over', r.tokens > r.limit)
          area.setAttribute('aria-invalid', String(r.tokens > r.limit))
        }, 150)
      }
      area.addEventListener('input', recount)
      reset.addEventListener('click', () => {
        area.value = p.text
        recount()
        area.focus()
      })
      return h('li', { class: 'review-item' }, [
        h('label', { for: `prompt-${i}`, text: `Variation ${i + 1}` }),
        area,
        h('div', { class: 'review-foot' }, [count, reset]),
      ])
    }),
  )
  $('#review-panel').hidden = false
  $('#review-go').onclick = async () => {
    const texts = [...list.querySelectorAll('textarea')].map((a) => /** @type {HTMLTextAreaElement} */ (a).value.trim())
    if (texts.some((x) => !x)) return toast('Each prompt needs some words')
    try {
      await api(`/api/jobs/${id}/prompts`, { method: 'POST', json: { prompts: texts } })
      $('#review-panel').hidden = true
    } catch (e) {
      toast(e.message)
    }
  }
  ;/** @type {HTMLElement|null} */ (list.querySelector('textarea'))?.focus()
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
