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
  // "150 to 90" means 90-150: read the range either way round rather than find nothing
  const [lo, hi] = [val('#f-bpm-min'), val('#f-bpm-max')]
  const swap = lo !== '' && hi !== '' && Number(lo) > Number(hi)
  set('bpmMin', swap ? hi : lo)
  set('bpmMax', swap ? lo : hi)
  $('#bpm-note').hidden = !swap
  $('#bpm-note').textContent = swap ? `Showing ${hi}–${lo} BPM` : ''
  if (/** @type {HTMLInputElement} */ ($('#f-fav')).checked) q.set('favourite', 'true')
  q.set('limit', String(PAGE))
  return q
}

/** What is shared, with a way to revoke each link. */
async function loadShared() {
  const box = $('#shared')
  try {
    const { items } = await api('/api/shares')
    box.hidden = !items.length
    $('#shared-list').replaceChildren(
      ...items.map((s) => {
        const revoke = h('button', { type: 'button', class: 'ghost small', text: 'Revoke' })
        revoke.setAttribute('aria-label', `Revoke the link to ${s.poster.title} ${s.poster.index + 1}`)
        revoke.addEventListener('click', async () => {
          try {
            await api(`/api/posters/${s.poster.id}/share`, { method: 'DELETE' })
            toast('Link revoked')
            loadShared()
          } catch (e) {
            toast(e.message)
          }
        })
        return h('li', { 'data-poster': s.poster.id }, [
          h('img', { src: s.poster.thumbUrl, alt: '', width: 40, height: 60 }),
          h('span', { class: 'shared-title', text: `${s.poster.title} · ${s.poster.index + 1}` }),
          h('a', { href: s.url, target: '_blank', rel: 'noopener', text: s.url.replace(/^https?:\/\//, '') }),
          revoke,
        ])
      }),
    )
  } catch {
    box.hidden = true
  }
}

export async function reloadGallery() {
  loadShared()
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
  document.addEventListener('mus2pic:shared', () => !$('#view-gallery').hidden && loadShared())
  // phone: the filters live in a sheet behind one button
  const sheet = $('#filters')
  $('#filters-open').addEventListener('click', () => {
    const open = sheet.classList.toggle('open')
    $('#filters-open').setAttribute('aria-expanded', String(open))
    if (open) /** @type {HTMLElement} */ (sheet.querySelector('input, select'))?.focus()
  })
  $('#filters-done').addEventListener('click', () => {
    sheet.classList.remove('open')
    $('#filters-open').setAttribute('aria-expanded', 'false')
    $('#filters-open').focus()
  })
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
