// The gallery: filters, keyset "infinite" scroll, compare two, delete, arrow-key navigation.
import { api } from './api.js'
import { $, h, toast } from './dom.js'
import { openCompare, posterCard } from './posters.js'

let next = null
let loading = false
let generation = 0
const selected = new Map()

function query() {
  const q = new URLSearchParams()
  const set = (k, v) => v && q.set(k, v)
  set('q', /** @type {HTMLInputElement} */ ($('#f-q')).value.trim())
  set('style', /** @type {HTMLSelectElement} */ ($('#f-style')).value)
  set('key', /** @type {HTMLSelectElement} */ ($('#f-key')).value)
  set('mode', /** @type {HTMLSelectElement} */ ($('#f-mode')).value)
  set('mood', /** @type {HTMLSelectElement} */ ($('#f-mood')).value)
  set('bpmMin', /** @type {HTMLInputElement} */ ($('#f-bpm-min')).value)
  set('bpmMax', /** @type {HTMLInputElement} */ ($('#f-bpm-max')).value)
  if (/** @type {HTMLInputElement} */ ($('#f-fav')).checked) q.set('favourite', 'true')
  q.set('limit', '24')
  return q
}

export async function reloadGallery() {
  generation++
  next = null
  selected.clear()
  updateCompare()
  $('#gallery-grid').replaceChildren()
  await loadMore(true)
}

async function loadMore(first = false) {
  if (loading || (!first && !next)) return
  loading = true
  const gen = generation
  try {
    const q = query()
    if (next) q.set('before', String(next))
    const page = await api(`/api/posters?${q}`)
    if (gen !== generation) return
    next = page.nextBefore
    $('#gallery-grid').append(...page.items.map((p) => posterCard(p, { selectable: true, onSelect, onDelete })))
    $('#gallery-empty').hidden = $('#gallery-grid').children.length > 0
  } catch (e) {
    toast(e.message)
  } finally {
    loading = false
  }
}

function onSelect(p, on) {
  if (on) selected.set(p.id, p)
  else selected.delete(p.id)
  updateCompare()
}

function onDelete(p) {
  document.querySelector(`#gallery-grid [data-id="${p.id}"]`)?.remove()
  selected.delete(p.id)
  updateCompare()
  toast('Poster deleted')
}

function updateCompare() {
  const b = /** @type {HTMLButtonElement} */ ($('#compare'))
  b.textContent = `Compare selected (${selected.size}/2)`
  b.disabled = selected.size !== 2
}

export function setupGallery(styles) {
  const style = $('#f-style')
  for (const s of styles) style.append(h('option', { value: s.id, text: s.name }))
  const key = $('#f-key')
  for (const k of ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']) key.append(h('option', { value: k, text: k }))
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
  new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore()).observe($('#sentinel'))
}

/** Arrow keys move focus between poster cards in a grid. */
export function moveFocus(key) {
  const active = /** @type {HTMLElement|null} */ (document.activeElement)
  const grid = active?.closest('.grid')
  if (!grid) {
    const first = /** @type {HTMLElement|null} */ (document.querySelector('.view:not([hidden]) .grid .thumb'))
    first?.focus()
    return !!first
  }
  const cards = [...grid.querySelectorAll('.thumb')]
  const i = cards.indexOf(active.closest('.card')?.querySelector('.thumb'))
  if (i < 0) return false
  const cols = Math.max(1, Math.round(grid.clientWidth / cards[0].getBoundingClientRect().width))
  const delta = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols }[key] ?? 0
  const target = cards[Math.min(cards.length - 1, Math.max(0, i + delta))]
  ;(/** @type {HTMLElement} */ (target)).focus()
  return true
}
