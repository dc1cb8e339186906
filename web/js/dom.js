// Tiny DOM helpers: element creation without innerHTML (titles from the internet stay text),
// line icons as SVG built in code (CSP forbids inline markup tricks), toasts, a confirm dialog.

/** @param {string} tag @param {Record<string, any>} [attrs] @param {(Node|string|null|undefined)[]} [children] */
export function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v)
    else if (k === 'class') el.className = v
    else if (k === 'text') el.textContent = v
    else el.setAttribute(k, v === true ? '' : String(v))
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c)
  return el
}

export const $ = (sel) => /** @type {HTMLElement} */ (document.querySelector(sel))

const PATHS = {
  star: 'M12 3.5l2.6 5.6 6 .7-4.5 4.1 1.2 6-5.3-3-5.3 3 1.2-6L3.4 9.8l6-.7z',
  copy: 'M9 9h10v11H9zM5 15V4h10',
  download: 'M12 4v11m-5-5l5 5 5-5M5 20h14',
  trash: 'M4 7h16M9 7V4h6v3m-8 0l1 13h8l1-13',
  expand: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  share: 'M12 15V4m-4 4l4-4 4 4M6 12v8h12v-8',
  reroll: 'M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5',
  prev: 'M15 5l-7 7 7 7',
  next: 'M9 5l7 7-7 7',
}

/** A 24px line icon, hidden from assistive tech (the button carries the label). @param {keyof PATHS} name */
export function icon(name) {
  const ns = 'http://www.w3.org/2000/svg'
  const svg = document.createElementNS(ns, 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('aria-hidden', 'true')
  svg.setAttribute('class', `i i-${name}`)
  const p = document.createElementNS(ns, 'path')
  p.setAttribute('d', PATHS[name])
  svg.append(p)
  return svg
}

let toastTimer = 0

export function toast(message) {
  const t = $('#toast')
  // an open modal sits in the top layer above everything in <body>: show the toast inside it
  const open = document.querySelector('dialog[open]')
  const home = open ?? document.body
  if (t.parentElement !== home) home.append(t)
  t.textContent = message
  t.classList.add('show')
  clearTimeout(toastTimer)
  toastTimer = window.setTimeout(() => t.classList.remove('show'), 2800)
}

/** Asks in a small modal; resolves true when the person confirms. @param {string} title @param {string} text @param {string} ok */
export function confirmAction(title, text, ok = 'Delete') {
  const d = dialog('#confirm')
  $('#confirm-title').textContent = title
  $('#confirm-text').textContent = text
  $('#confirm-ok').textContent = ok
  d.returnValue = ''
  d.showModal()
  return new Promise((resolve) => d.addEventListener('close', () => resolve(d.returnValue === 'ok'), { once: true }))
}

export { formatDuration as fmtTime } from './duration.js'
export const fmtMs = (ms) =>
  ms >= 10_000 ? `${Math.round(ms / 1000)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`

/** @param {string} sel @returns {HTMLDialogElement} */
export const dialog = (sel) => /** @type {HTMLDialogElement} */ (document.querySelector(sel))
