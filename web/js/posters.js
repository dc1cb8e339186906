// Poster cards and the full-size viewer, shared by the results grid and the gallery.
import { api } from './api.js'
import { $, dialog, h, toast } from './dom.js'

/** @param {any} p poster view @param {{ onDelete?: (p:any)=>void, onSelect?: (p:any, on:boolean)=>void, selectable?: boolean }} [opts] */
export function posterCard(p, opts = {}) {
  const fav = h('button', { type: 'button', class: 'icon fav' + (p.favourite ? ' on' : ''), 'aria-pressed': String(p.favourite), 'aria-label': p.favourite ? 'Remove from favourites' : 'Mark as favourite', text: p.favourite ? '★' : '☆' })
  fav.addEventListener('click', async () => {
    const next = !(fav.getAttribute('aria-pressed') === 'true')
    await api(`/api/posters/${p.id}`, { method: 'PATCH', json: { favourite: next } })
    p.favourite = next
    fav.setAttribute('aria-pressed', String(next))
    fav.classList.toggle('on', next)
    fav.textContent = next ? '★' : '☆'
    fav.setAttribute('aria-label', next ? 'Remove from favourites' : 'Mark as favourite')
  })
  const open = h('button', { type: 'button', class: 'thumb', 'aria-label': `Open poster ${p.index + 1} of ${p.title}` }, [
    h('img', { src: p.thumbUrl, alt: `${p.title} — ${p.style} poster, variation ${p.index + 1}`, loading: 'lazy', width: 360, height: Math.round((360 * p.height) / p.width) }),
  ])
  open.addEventListener('click', () => openViewer(p))
  const copy = h('button', { type: 'button', class: 'icon', 'aria-label': 'Copy prompt', title: 'Copy prompt', text: 'Prompt' })
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(p.prompt)
      toast('Prompt copied')
    } catch {
      toast('Copy is blocked here; open the poster to select the prompt')
    }
  })
  const tools = [fav, copy, h('a', { class: 'icon', href: `${p.imageUrl}?download=1`, download: `mus2pic-${p.id}.png`, 'aria-label': 'Download PNG', title: 'Download PNG', text: 'PNG' })]
  if (opts.selectable) {
    const box = h('input', { type: 'checkbox', class: 'select', 'aria-label': `Select ${p.title} ${p.index + 1} to compare` })
    box.addEventListener('change', () => opts.onSelect?.(p, box.checked))
    tools.unshift(box)
  }
  if (opts.onDelete) {
    const del = h('button', { type: 'button', class: 'icon', 'aria-label': 'Delete poster', title: 'Delete', text: 'Delete' })
    del.addEventListener('click', async () => {
      if (!confirm(`Delete this poster of “${p.title}”?`)) return
      await api(`/api/posters/${p.id}`, { method: 'DELETE' })
      opts.onDelete?.(p)
    })
    tools.push(del)
  }
  return h('li', { class: 'card', 'data-id': p.id }, [
    open,
    h('div', { class: 'meta' }, [
      h('p', { class: 'title', text: p.title }),
      h('p', { class: 'sub', text: `${Math.round(p.bpm)} BPM · ${p.key} · ${p.mood} · ${p.style} · ${p.engine}` }),
      h('div', { class: 'tools' }, tools),
    ]),
  ])
}

export function openViewer(p) {
  const body = $('#viewer-body')
  body.replaceChildren(
    h('img', { src: p.imageUrl, alt: `${p.title} poster`, class: 'full' }),
    h('div', { class: 'viewer-info' }, [
      h('p', { class: 'title', text: `${p.title} — ${p.author}` }),
      h('p', { class: 'sub', text: `${Math.round(p.bpm)} BPM · ${p.key} · ${p.mood} · ${p.style} · engine: ${p.engine} · seed ${p.seed}` }),
      h('p', { class: 'prompt', text: p.prompt }),
      h('div', { class: 'swatches' }, p.palette.map((c) => swatch(c))),
      h('a', { class: 'button', href: `${p.imageUrl}?download=1`, download: `mus2pic-${p.id}.png`, text: 'Download PNG' }),
    ]),
  )
  $('#viewer-title').textContent = `${p.title} · ${p.index + 1}`
  dialog('#viewer').showModal()
}

export function swatch(colour) {
  const s = h('span', { class: 'swatch', title: colour, 'aria-label': colour, role: 'img' })
  s.style.background = colour
  return s
}

export function openCompare(a, b) {
  const col = (p) => h('figure', {}, [h('img', { src: p.imageUrl, alt: `${p.title} poster (${p.style})`, class: 'full' }), h('figcaption', { text: `${p.title} · ${p.style} · ${p.engine} · seed ${p.seed}` })])
  $('#viewer-body').replaceChildren(h('div', { class: 'compare' }, [col(a), col(b)]))
  $('#viewer-title').textContent = 'Compare'
  dialog('#viewer').showModal()
}
