// Tiny DOM helpers: element creation without innerHTML (so titles from the internet stay text).

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

export function toast(message) {
  const t = $('#toast')
  t.textContent = message
  t.classList.add('show')
  clearTimeout(toast.timer)
  toast.timer = setTimeout(() => t.classList.remove('show'), 2600)
}

export const fmtTime = (sec) => `${Math.floor(sec / 60)}:${String(Math.round(sec % 60)).padStart(2, '0')}`
export const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`)

/** @param {string} sel @returns {HTMLDialogElement} */
export const dialog = (sel) => /** @type {HTMLDialogElement} */ (document.querySelector(sel))
