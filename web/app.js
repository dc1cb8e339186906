// Mus2Pic web app: create (link or file, style, options) -> watch the job -> posters -> gallery.
import { api, upload } from './js/api.js'
import { $, dialog, h, toast } from './js/dom.js'
import { moveFocus, reloadGallery, setupGallery } from './js/gallery.js'
import { cancelCurrent, isRunning, showJob } from './js/job.js'
import { swatch } from './js/posters.js'
import { videoIdOf } from './js/youtube.js'

const PREVIEW_FEATURES = { bpm: 118, tonic: 'A', mode: 'minor', energy: 0.6, valence: 0.1, arousal: 0.3, brightness: 0.55, danceability: 0.6, dynamicRangeDb: 9, mood: 'energetic', sections: [0.3, 0.6, 0.8, 0.5], durationSec: 200 }
let chosenStyle = 'swiss'
let pendingFile = null

function showView(name) {
  for (const v of ['create', 'job', 'gallery']) $(`#view-${v}`).hidden = v !== name
  for (const a of document.querySelectorAll('nav a')) a.toggleAttribute('aria-current', a.getAttribute('data-view') === name)
  if (name === 'gallery') reloadGallery()
}

function route() {
  const m = /^#job\/(j_[0-9a-z]+)$/.exec(location.hash)
  if (m) return openJob(m[1])
  showView(location.hash === '#gallery' ? 'gallery' : 'create')
}

async function openJob(id) {
  try {
    const job = await api(`/api/jobs/${id}`)
    showView('job')
    showJob(job, { onRegenerate: regenerate })
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

function options() {
  const seed = /** @type {HTMLInputElement} */ ($('#seed')).value
  const steps = Number(/** @type {HTMLInputElement} */ ($('#steps')).value || 4)
  return {
    style: chosenStyle,
    variations: Number(/** @type {HTMLSelectElement} */ ($('#variations')).value),
    size: /** @type {HTMLSelectElement} */ ($('#size')).value,
    qr: /** @type {HTMLInputElement} */ ($('#qr')).checked,
    steps: Math.min(8, Math.max(1, steps)),
    ...(seed !== '' ? { seed: Number(seed) } : {}),
  }
}

async function start(body) {
  const job = await api('/api/jobs', { method: 'POST', json: body })
  history.pushState(null, '', `#job/${job.id}`)
  showView('job')
  showJob(job, { onRegenerate: regenerate })
}

async function regenerate(job, newSeed) {
  const o = { ...job.options }
  if (newSeed) o.seed = Math.floor(Math.random() * 2 ** 31)
  const input = job.input.url ? { url: job.input.url } : { audioId: job.input.audioId }
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
  button.disabled = true
  try {
    if (pendingFile) {
      const file = pendingFile
      $('#url-hint').textContent = `Uploading ${file.name}…`
      const up = await upload(file, (f) => ($('#url-hint').textContent = `Uploading ${file.name}… ${Math.round(f * 100)}%`))
      pendingFile = null
      await start({ audioId: up.audioId, ...options() })
      return
    }
    const text = /** @type {HTMLInputElement} */ ($('#url')).value.trim()
    if (!text) return showError('Paste a YouTube link, or choose an audio file.')
    if (!videoIdOf(text)) return showError('That does not look like a YouTube video link (youtube.com/watch?v=…, youtu.be/…, /shorts/…).')
    await start({ url: text, ...options() })
  } catch (err) {
    showError(err.message)
  } finally {
    button.disabled = false
    $('#url-hint').replaceChildren('Press ', h('kbd', { text: '/' }), ' to focus, ', h('kbd', { text: 'Enter' }), ' to start.')
  }
}

function chooseFile(file) {
  if (!file) return
  pendingFile = file
  const input = /** @type {HTMLInputElement} */ ($('#url'))
  input.value = file.name
  showError('')
  submit()
}

async function setupStyles() {
  const { items } = await api('/api/styles')
  const list = $('#style-list')
  for (const s of items) {
    const card = h('button', { type: 'button', role: 'radio', class: 'style', 'aria-checked': String(s.id === chosenStyle), 'data-style': s.id }, [
      h('img', { class: 'preview', src: s.previewUrl, alt: '', loading: 'lazy', width: 240, height: 360 }),
      h('span', { class: 'swatches', 'aria-hidden': 'true' }),
      h('span', { class: 'name', text: s.name }),
      h('span', { class: 'desc', text: s.description }),
    ])
    card.addEventListener('click', () => {
      chosenStyle = s.id
      for (const c of list.children) c.setAttribute('aria-checked', String(c.getAttribute('data-style') === s.id))
    })
    list.append(card)
    // a preview of the palette this style gives to a typical track
    api('/api/prompts', { method: 'POST', json: { features: PREVIEW_FEATURES, style: s.id, count: 1, seed: 1 } })
      .then((r) => card.querySelector('.swatches').replaceChildren(...r.palette.map(swatch)))
      .catch(() => {})
  }
  setupGallery(items)
}

async function setupEngineNote() {
  try {
    const { configured, items } = await api('/api/engines')
    const lcm = items.find((e) => e.id === 'lcm')
    $('#engine-note').textContent =
      lcm?.available && configured !== 'sketch'
        ? 'Artwork by the LCM image model (Dreamshaper v7, on this machine).'
        : 'Artwork by the built-in sketch engine: generative designs drawn from the music. Download the LCM model for AI artwork.'
  } catch {}
}

function setupKeys() {
  document.addEventListener('keydown', (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement
    const dialogOpen = document.querySelector('dialog[open]')
    if (e.key === 'Escape') {
      if (!dialogOpen && isRunning()) {
        e.preventDefault()
        cancelCurrent()
        toast('Cancelling…')
      }
      return
    }
    if (typing || dialogOpen || e.ctrlKey || e.metaKey || e.altKey) return
    if (e.key === '/') {
      e.preventDefault()
      if (!$('#view-create').hidden) $('#url').focus()
      else {
        history.pushState(null, '', '#create')
        showView('create')
        $('#url').focus()
      }
    } else if (e.key === '?') {
      e.preventDefault()
      dialog('#help').showModal()
    } else if (e.key === 'g') {
      location.hash = '#gallery'
    } else if (e.key.startsWith('Arrow')) {
      if (moveFocus(e.key)) e.preventDefault()
    }
  })
}

function setupDrop() {
  const drop = $('#drop')
  drop.addEventListener('dragover', (e) => {
    e.preventDefault()
    drop.classList.add('over')
  })
  drop.addEventListener('dragleave', () => drop.classList.remove('over'))
  drop.addEventListener('drop', (e) => {
    e.preventDefault()
    drop.classList.remove('over')
    chooseFile(e.dataTransfer?.files?.[0])
  })
  $('#file-button').addEventListener('click', () => $('#file').click())
  $('#file').addEventListener('change', (e) => chooseFile(/** @type {HTMLInputElement} */ (e.target).files?.[0]))
  $('#url').addEventListener('input', (e) => {
    pendingFile = null
    const v = /** @type {HTMLInputElement} */ (e.target).value.trim()
    const ok = !v || !!videoIdOf(v)
    $('#url').setAttribute('aria-invalid', ok ? 'false' : 'true')
    $('#url-error').hidden = true
  })
}

$('#create-form').addEventListener('submit', submit)
$('#cancel').addEventListener('click', () => cancelCurrent())
$('#help-open').addEventListener('click', () => dialog('#help').showModal())
window.addEventListener('hashchange', route)
setupKeys()
setupDrop()
await setupStyles()
setupEngineNote()
route()
document.documentElement.dataset.ready = 'true'
