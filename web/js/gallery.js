// The gallery: every poster, newest first, filtered on the server, loaded a page at a time through the
// keyset API as the end of the grid scrolls into view; pick two to compare; delete; arrows move focus.
import { api } from './api.js'
import { $, h, toast } from './dom.js'
import { openCompare, posterCard } from './posters.js'

/** Page size; `localStorage['mus2pic.pageSize']` overrides it (the browser tests use 2 to page quickly). */
const PAGE = Number(localStorage.getItem('mus2pic.pageSize')) || 24
let nextBefore = null
let loading = false
let generation = 0
/** Posters shown so far, in order: the viewer walks through them. */
const shown = []
const selected = new Map()

function query() {
  const q = new URLSearchParams()
  const val = (sel) => /** @type {HTMLInputElement} */ ($(sel)).value.trim()
  const set = (k, v) => v && q.set(k, v)
  set('q', val('#f-q'))
  set('style', val('#f-style'))
  set('key', val('#f-key'))
  set('mode', val('#f-mode'))
  set('mood', val('#f-mood'))
  set('bpmMin', val('#f-bpm-min'))
  set('bpmMax', val('#f-bpm-max'))
  if (/** @type {HTMLInputElement} */ ($('#f-fav')).checked) q.set('favourite', 'true')
  q.set('limit', String(PAGE))
  return q
}

export async function reloadGallery() {
  generation++
  nextBefore = null
  loading = false
  shown.length = 0
  selected.clear()
  updateCompare()
  $('#gallery-grid').replaceChildren()
  $('#gallery-grid').setAttribute('aria-busy', 'true')
  await loadMore(true)
}

async function loadMore(first = false) {
  if (loading || (!first && !nextBefore)) return
  loading = true
  const gen = generation
  try {
    const q = query()
    if (nextBefore) q.set('before', String(nextBefore))
    const page = await api(`/api/posters?${q}`)
    if (gen !== generation) return
    nextBefore = page.nextBefore
    shown.push(...page.items)
    $('#gallery-grid').append(
      ...page.items.map((p) => posterCard(p, { selectable: true, onSelect, onDelete, list: shown })),
    )
    const n = $('#gallery-grid').children.length
    $('#gallery-empty').hidden = n > 0
    $('#gallery-count').textContent = n ? `${n}${nextBefore ? '+' : ''} poster${n === 1 ? '' : 's'}` : ''
    $('#gallery-grid').setAttribute('data-more', String(!!nextBefore))
  } catch (e) {
    if (gen === generation) toast(e.message)
  } finally {
    if (gen === generation) {
      loading = false
      $('#gallery-grid').removeAttribute('aria-busy')
      // a tall screen may show the sentinel without scrolling: keep filling it
      if (nextBefore && isVisible($('#sentinel'))) loadMore()
    }
  }
}

const isVisible = (el) => {
  const r = el.getBoundingClientRect()
  return r.top < innerHeight + 400 && !$('#view-gallery').hidden
}

function onSelect(p, on) {
  if (on) selected.set(p.id, p)
  else selected.delete(p.id)
  // never more than two: the oldest choice gives way
  if (selected.size > 2) {
    const [oldest] = selected.keys()
    selected.delete(oldest)
    const box = /** @type {HTMLInputElement|null} */ (
      document.querySelector(`#gallery-grid [data-id="${oldest}"] .select`)
    )
    if (box) box.checked = false
  }
  for (const card of document.querySelectorAll('#gallery-grid .card'))
    card.classList.toggle('picked', selected.has(card.getAttribute('data-id') ?? ''))
  updateCompare()
}

function onDelete(p) {
  document.querySelector(`#gallery-grid [data-id="${p.id}"]`)?.remove()
  const i = shown.findIndex((x) => x.id === p.id)
  if (i >= 0) shown.splice(i, 1)
  selected.delete(p.id)
  updateCompare()
  $('#gallery-empty').hidden = $('#gallery-grid').children.length > 0
  toast('Poster deleted')
}

function updateCompare() {
  const b = /** @type {HTMLButtonElement} */ ($('#compare'))
  $('#compare-count').textContent = `${selected.size}/2`
  b.disabled = selected.size !== 2
  b.classList.toggle('primary', selected.size === 2)
}

export function setupGallery(styles) {
  const style = $('#f-style')
  for (const s of styles) style.append(h('option', { value: s.id, text: s.name }))
  const key = $('#f-key')
  for (const k of ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'])
    key.append(h('option', { value: k, text: k }))
  let t
  $('#filters').addEventListener('input', () => {
    clearTimeout(t)
    t = setTimeout(reloadGallery, 200)
  })
  $('#filters').addEventListener('submit', (e) => e.preventDefault())
  $('#compare').addEventListener('click', () => {
    const [a, b] = [...selected.values()]
    if (a && b) openCompare(a, b)
  })
  new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), {
    rootMargin: '400px',
  }).observe($('#sentinel'))
}

/** Arrow keys move focus between poster cards in the visible grid. @returns {boolean} handled */
export function moveFocus(key) {
  const active = /** @type {HTMLElement|null} */ (document.activeElement)
  const grid = active?.closest('.grid')
  if (!grid) {
    const first = /** @type {HTMLElement|null} */ (document.querySelector('.view:not([hidden]) .grid .thumb'))
    first?.focus()
    return !!first
  }
  const cards = [...grid.querySelectorAll('.thumb')]
  const i = cards.indexOf(/** @type {Element} */ (active?.closest('.card')?.querySelector('.thumb')))
  if (i < 0) return false
  const top = cards[0].getBoundingClientRect().top
  const cols = Math.max(1, cards.filter((c) => Math.abs(c.getBoundingClientRect().top - top) < 4).length)
  const delta = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols }[key] ?? 0
  const target = /** @type {HTMLElement} */ (cards[Math.min(cards.length - 1, Math.max(0, i + delta))])
  target.focus()
  target.scrollIntoView({ block: 'nearest' })
  return true
}
