// Mus2Pic web app: create (link or file, style, options) -> watch the job -> posters -> gallery.
// Routes live in the hash: #create, #job/<id>, #gallery.
import { api, onKeyNeeded, saveKey, storedKey, upload } from './js/api.js'
import { $, dialog, h, toast } from './js/dom.js'
import { moveFocus, reloadGallery, setupGallery } from './js/gallery.js'
import { cancelCurrent, isRunning, leaveJob, showJob } from './js/job.js'
import { swatch, viewerStep } from './js/posters.js'
import { showBatch } from './js/batch.js'
import { setupSettings } from './js/settings.js'
import { setupWave } from './js/wave.js'
import { videoIdOf } from './js/youtube-url.js'

const HINT = () => [
  '…or drop an audio file anywhere here. ',
  h('kbd', { text: '/' }),
  ' focuses, ',
  h('kbd', { text: 'Enter' }),
  ' starts.',
]
/** Files chosen or dropped, waiting for "Make posters" (shown as removable chips). @type {File[]} */
let pendingFiles = []

function showView(name) {
  for (const v of ['create', 'job', 'gallery']) $(`#view-${v}`).hidden = v !== name
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('data-view') === name) a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  }
  if (name !== 'job') leaveJob()
  if (name === 'gallery') reloadGallery()
  document.title = {
    create: 'Mus2Pic — turn a song into posters',
    job: 'Working — Mus2Pic',
    gallery: 'Gallery — Mus2Pic',
  }[name]
}

function route() {
  const m = /^#job\/(j_[0-9a-z]+)$/i.exec(location.hash)
  if (m) return openJob(m[1])
  showView(location.hash === '#gallery' ? 'gallery' : 'create')
}

async function openJob(id) {
  try {
    const job = await api(`/api/jobs/${id}`)
    showView('job')
    showJob(job, { onRegenerate: regenerate, onRetry: retry })
  } catch (e) {
    showView('create')
    showError(e.message)
  }
}

function showError(message) {
  const el = $('#url-error')
  el.textContent = message
  el.hidden = !message
  $('#url').setAttribute('aria-invalid', message ? 'true' : 'false')
}

const checked = (name) =>
  /** @type {HTMLInputElement|null} */ (document.querySelector(`input[name="${name}"]:checked`))?.value

const value = (sel) => /** @type {HTMLInputElement} */ ($(sel)).value.trim()

/** Your own words: only the fields someone filled in; the rest come from the track's tags. */
function words() {
  const w = { title: value('#w-title'), artist: value('#w-artist'), subtitle: value('#w-subtitle') }
  return Object.fromEntries(Object.entries(w).filter(([, v]) => v !== ''))
}

/** A different song: words prefilled from the last track must not carry over to it. */
function clearWords() {
  for (const sel of ['#w-title', '#w-artist', '#w-subtitle']) /** @type {HTMLInputElement} */ ($(sel)).value = ''
}

function options() {
  const review = /** @type {HTMLInputElement|null} */ (document.querySelector('#review'))?.checked
  const seed = /** @type {HTMLInputElement} */ ($('#seed')).value.trim()
  const steps = Math.round(Number(/** @type {HTMLInputElement} */ ($('#steps')).value || 4))
  return {
    style: checked('style') ?? 'swiss',
    variations: Number(checked('variations') ?? 4),
    size: value('#print-size') || (checked('size') ?? 'portrait'),
    ...words(),
    qr: /** @type {HTMLInputElement} */ ($('#qr')).checked,
    steps: Math.min(8, Math.max(1, steps || 4)),
    ...(review ? { review: true } : {}),
    ...(seed !== '' && Number.isFinite(Number(seed)) ? { seed: Math.max(0, Math.floor(Number(seed))) } : {}),
  }
}

async function start(body, earlier) {
  const job = await api('/api/jobs', { method: 'POST', json: body })
  history.pushState(null, '', `#job/${job.id}`)
  showView('job')
  showJob(job, { onRegenerate: regenerate, onRetry: retry, earlier })
  $('#job-title').focus({ preventScroll: true })
}

/** A copy of `obj` without `keys`. @param {Record<string, any>} obj @param {...string} keys */
const without = (obj, ...keys) => Object.fromEntries(Object.entries(obj ?? {}).filter(([k]) => !keys.includes(k)))

/** Same song and options again; edited prompts are part of the options, so they are kept. */
async function regenerate(job, newSeed) {
  const o = without(job.options, 'review', 'rerollOf', 'batch')
  if (newSeed) o.seed = Math.floor(Math.random() * 2 ** 32)
  const input = job.input?.url ? { url: job.input.url } : { audioId: job.input?.audioId ?? job.audioId }
  try {
    // the batch just made stays on the page, above the new one
    await start({ ...input, ...o }, { title: $('#job-title').textContent, posters: job.posters.filter(Boolean) })
    toast(newSeed ? `New seed ${o.seed}` : o.prompts ? 'Same prompts, same seed' : 'Same options, same seed')
  } catch (e) {
    toast(e.message)
  }
}

/** After a failure: try the same again, or go back to the form to upload the file instead. */
async function retry(job, uploadInstead) {
  if (uploadInstead) {
    history.pushState(null, '', '#create')
    showView('create')
    const url = /** @type {HTMLInputElement} */ ($('#url'))
    url.value = ''
    showError('')
    $('#url-hint').textContent = 'Choose or drop the audio file of this song; your style and size are kept.'
    $('#file-button').focus()
    return
  }
  const o = without(job.options, 'review')
  const input = job.input?.url ? { url: job.input.url } : { audioId: job.input?.audioId ?? job.audioId }
  try {
    await start({ ...input, ...o })
  } catch (e) {
    toast(e.message)
  }
}

async function submit(e) {
  e?.preventDefault()
  showError('')
  const button = /** @type {HTMLButtonElement} */ ($('#submit'))
  if (button.disabled) return
  button.disabled = true
  try {
    if (pendingFiles.length > 1) return await startBatch(await uploadAll(pendingFiles))
    const text = /** @type {HTMLInputElement} */ ($('#url')).value.trim()
    const links = text.split(/[\s,]+/).filter(Boolean)
    if (!pendingFiles.length && (links.length > 1 || links.some(isPlaylist))) {
      const bad = links.find((l) => !isPlaylist(l) && !videoIdOf(l))
      if (bad) return showError(`“${bad.slice(0, 60)}” does not look like a YouTube video or playlist link.`)
      return await startBatch(links.map((url) => ({ url })))
    }
    if (pendingFiles.length) {
      const file = pendingFiles[0]
      const bar = $('#upload-progress')
      $('#upload-bar').hidden = false
      $('#url-hint').textContent = `Uploading ${file.name}…`
      const up = await upload(file, (f) => {
        const pct = Math.round(f * 100)
        $('#url-hint').textContent = `Uploading ${file.name}… ${pct}%`
        bar.setAttribute('aria-valuenow', String(pct))
        const fill = /** @type {HTMLElement} */ (bar.firstElementChild)
        fill.style.width = `${pct}%`
      })
      pendingFiles = []
      showChips()
      await start({ audioId: up.audioId, ...options() })
      return
    }
    if (!text) return showError('Paste a YouTube link, or choose an audio file.')
    if (!videoIdOf(text))
      return showError(
        'That does not look like a YouTube video link. Try youtube.com/watch?v=…, youtu.be/…, or a /shorts/ link.',
      )
    await start({ url: text, ...options() })
  } catch (err) {
    showError(err.message)
    $('#url').focus()
  } finally {
    button.disabled = false
    $('#upload-bar').hidden = true
    $('#url-hint').replaceChildren(...HINT())
  }
}

const isPlaylist = (s) => /youtube\.com\/playlist\?(.*&)?list=/.test(s)

/** Uploads files one after another, with progress; the inputs of a batch. @param {File[]} files */
async function uploadAll(files) {
  const out = []
  $('#upload-bar').hidden = false
  for (const [i, file] of files.entries()) {
    const up = await upload(file, (f) => {
      $('#url-hint').textContent = `Uploading ${i + 1} of ${files.length}: ${file.name}… ${Math.round(f * 100)}%`
      const fill = /** @type {HTMLElement} */ ($('#upload-progress').firstElementChild)
      fill.style.width = `${Math.round(((i + f) / files.length) * 100)}%`
    })
    out.push({ audioId: up.audioId })
  }
  pendingFiles = []
  showChips()
  return out
}

/** Several songs at once with the same options: they wait behind single jobs in the queue. */
async function startBatch(inputs) {
  const o = without(options(), 'review')
  const batch = await api('/api/batches', { method: 'POST', json: { inputs, ...o } })
  const url = /** @type {HTMLInputElement} */ ($('#url'))
  url.value = ''
  showBatch(batch)
}

/** Chosen files wait as chips until "Make posters", so style and size can still be picked. */
function chooseFile(...files) {
  const picked = files.filter(Boolean)
  if (!picked.length) return
  const key = (f) => `${f.name}:${f.size}`
  const have = new Set(pendingFiles.map(key))
  pendingFiles = [...pendingFiles, ...picked.filter((f) => !have.has(key(f)))].slice(0, 25)
  clearWords() // words prefilled from another song do not carry over
  const input = /** @type {HTMLInputElement} */ ($('#url'))
  input.value = ''
  input.setAttribute('aria-invalid', 'false')
  showError('')
  showChips()
  // the same file chosen again must fire "change" again
  const picker = /** @type {HTMLInputElement} */ ($('#file'))
  picker.value = ''
}

function showChips() {
  const box = $('#file-chip')
  box.hidden = !pendingFiles.length
  $('#url').hidden = !!pendingFiles.length
  box.replaceChildren(
    ...pendingFiles.map((f) => {
      const remove = h('button', { type: 'button', class: 'chip-x', 'aria-label': `Remove ${f.name}`, text: '✕' })
      remove.addEventListener('click', () => {
        pendingFiles = pendingFiles.filter((x) => x !== f)
        showChips()
        if (!pendingFiles.length) $('#url').focus()
      })
      return h('span', { class: 'chip' }, [
        h('span', { class: 'chip-name', text: f.name, title: f.name }),
        h('span', { class: 'chip-size', text: `${(f.size / 1e6).toFixed(1)} MB` }),
        remove,
      ])
    }),
  )
}

async function setupStyles() {
  const { items } = await api('/api/styles')
  const list = $('#style-list')
  items.forEach((s, i) => {
    const radio = h('input', {
      type: 'radio',
      name: 'style',
      value: s.id,
      class: 'sr-only',
      checked: i === 0,
      'aria-describedby': `style-desc-${s.id}`,
    })
    const sw = h('span', { class: 'swatches', 'aria-hidden': 'true' }, s.previewPalette.map(swatch))
    list.append(
      h('label', { class: 'style', 'data-style': s.id }, [
        radio,
        h('span', { class: 'preview' }, [
          h('img', { src: s.previewUrl, alt: '', width: 240, height: 360, decoding: 'async' }),
        ]),
        h('span', { class: 'style-text' }, [
          h('span', { class: 'name', text: s.name }),
          h('span', { class: 'desc', id: `style-desc-${s.id}`, text: s.description }),
          sw,
        ]),
      ]),
    )
  })
  setupGallery(items)
}

async function setupEngineNote() {
  try {
    const { configured, items } = await api('/api/engines')
    const lcm = items.find((e) => e.id === 'lcm')
    const useLcm = lcm?.available && configured !== 'sketch'
    // steps only mean something to the LCM model
    const steps = /** @type {HTMLElement} */ ($('#steps').closest('label'))
    steps.hidden = !useLcm
    $('#steps-hint').hidden = !useLcm
    const note = $('#engine-note')
    const device = { cpu: 'CPU', cuda: 'GPU (CUDA)', coreml: 'Apple Neural Engine/GPU (CoreML)', dml: 'GPU (DirectML)' }
    // The badge names where the model runs; the reason (e.g. why not the GPU) is one hover away.
    note.title = useLcm ? (lcm.deviceReason ?? '') : ''
    note.replaceChildren(
      h('span', { class: `engine-dot ${useLcm ? 'lcm' : 'sketch'}`, 'aria-hidden': 'true' }),
      useLcm
        ? `Artwork by the LCM image model (Dreamshaper v7${lcm.dtype ? `, ${lcm.dtype}` : ''}) on this machine's ${device[lcm.device] ?? lcm.device}.`
        : 'Artwork by the built-in sketch engine: generative designs drawn from the music. Download the LCM model weights for AI-painted artwork.',
    )
  } catch {
    // the note is a nicety: without /api/engines the form still works
  }
}

/** A 401 on a write: ask for the key in place (in whichever view is open), then the request retries. */
function setupKeyField() {
  let waiting = null
  onKeyNeeded(() => {
    if (waiting) return waiting
    const field = $('#key-field')
    const view = document.querySelector('.view:not([hidden])')
    if (view && view.id !== 'view-create') view.prepend(field)
    else $('#url-error').after(field)
    field.hidden = false
    const input = /** @type {HTMLInputElement} */ ($('#api-key'))
    input.value = storedKey() ?? ''
    input.focus()
    toast('This server needs an API key')
    waiting = new Promise((resolve) => {
      const done = () => {
        const k = input.value.trim()
        if (!k) return input.focus()
        saveKey(k)
        field.hidden = true
        waiting = null
        resolve(k)
      }
      $('#api-key-save').onclick = done
      input.onkeydown = (e) => {
        if (e.key === 'Enter') {
          e.preventDefault()
          e.stopPropagation()
          done()
        }
      }
    })
    return waiting
  })
}

function setupKeys() {
  document.addEventListener('keydown', (e) => {
    const t = /** @type {HTMLElement} */ (e.target)
    const typing =
      t instanceof HTMLInputElement
        ? !['checkbox', 'radio'].includes(t.type)
        : t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || t.isContentEditable
    const dialogOpen = document.querySelector('dialog[open]')
    if (e.key === 'Escape') {
      if (!dialogOpen && isRunning() && !$('#view-job').hidden) {
        e.preventDefault()
        if (cancelCurrent()) toast('Cancelling…')
      }
      return
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return
    if (dialogOpen) {
      if (e.key.startsWith('Arrow') && viewerStep(e.key)) e.preventDefault()
      return
    }
    if (typing) return
    if (e.key === '/') {
      e.preventDefault()
      if ($('#view-create').hidden) {
        history.pushState(null, '', '#create')
        showView('create')
      }
      $('#url').focus()
    } else if (e.key === '?') {
      e.preventDefault()
      dialog('#help').showModal()
    } else if (e.key === 'g') {
      location.hash = '#gallery'
    } else if (e.key === 'c') {
      location.hash = '#create'
    } else if (e.key.startsWith('Arrow') && !(t instanceof HTMLInputElement)) {
      if (moveFocus(e.key)) e.preventDefault()
    }
  })
}

function setupDrop() {
  const drop = $('#drop')
  const zone = $('#view-create')
  let depth = 0
  zone.addEventListener('dragenter', (e) => {
    e.preventDefault()
    if (depth++ === 0) drop.classList.add('over')
  })
  zone.addEventListener('dragover', (e) => e.preventDefault())
  zone.addEventListener('dragleave', () => {
    if (--depth <= 0) {
      depth = 0
      drop.classList.remove('over')
    }
  })
  zone.addEventListener('drop', (e) => {
    e.preventDefault()
    depth = 0
    drop.classList.remove('over')
    chooseFile(...(e.dataTransfer?.files ?? []))
  })
  $('#file-button').addEventListener('click', () => $('#file').click())
  $('#file').addEventListener('change', (e) => {
    const picker = /** @type {HTMLInputElement} */ (e.target)
    chooseFile(...(picker.files ?? []))
  })
  $('#url').addEventListener('input', (e) => {
    clearWords()
    const v = /** @type {HTMLInputElement} */ (e.target).value.trim()
    const id = v ? videoIdOf(v) : null
    $('#url').setAttribute('aria-invalid', !v || id ? 'false' : 'true')
    drop.classList.toggle('valid', !!id)
    $('#url-error').hidden = true
  })
}

$('#create-form').addEventListener('submit', submit)
$('#cancel').addEventListener('click', () => cancelCurrent())
$('#help-open').addEventListener('click', () => dialog('#help').showModal())
window.addEventListener('hashchange', route)
setupWave(/** @type {HTMLCanvasElement} */ ($('#waveform')), /** @type {HTMLAudioElement} */ ($('#preview')))
setupKeyField()
setupKeys()
setupDrop()
await setupStyles().catch((e) => showError(e.message))
await setupSettings()
setupEngineNote()
route()
document.documentElement.dataset.ready = 'true'
