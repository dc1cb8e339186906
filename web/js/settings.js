// Choices remembered per browser (localStorage): style, variations, size, steps, "review prompts" and theme.
// The server's defaults (GET /api/settings) fill in what was never chosen, or what no longer exists.
import { api } from './api.js'
import { $ } from './dom.js'

export const SETTINGS_KEY = 'mus2pic.settings'
const RADIOS = ['style', 'variations', 'size']
const THEMES = ['system', 'light', 'dark']

/** @type {{style: string, variations: number, size: string, steps: number}} */
let defaults = { style: 'swiss', variations: 4, size: 'portrait', steps: 4 }

/** @returns {Record<string, unknown>} */
function saved() {
  try {
    const v = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}')
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {}
  } catch {
    return {}
  }
}

const input = (sel) => /** @type {HTMLInputElement|null} */ (document.querySelector(sel))

/** Checks the radio `name` with `value`; false when no such choice exists (any more). */
function pick(name, value) {
  if (value === undefined || value === null) return false
  const el = input(`input[name="${name}"][value="${CSS.escape(String(value))}"]`)
  if (el) el.checked = true
  return !!el
}

/** Shows `s` in the form; anything missing or invalid silently falls back to the server default. */
function apply(s) {
  for (const name of RADIOS) if (!pick(name, s[name])) pick(name, defaults[name])
  const steps = Number(s.steps)
  const stepsEl = input('#steps')
  if (stepsEl) stepsEl.value = String(Number.isInteger(steps) && steps >= 1 && steps <= 8 ? steps : defaults.steps)
  const review = input('#review')
  if (review) review.checked = s.review === true
  const theme = /** @type {HTMLSelectElement} */ ($('#theme'))
  theme.value = THEMES.includes(String(s.theme)) ? String(s.theme) : 'system'
}

const checkedValue = (name) => input(`input[name="${name}"]:checked`)?.value

function save() {
  const s = {
    style: checkedValue('style'),
    variations: Number(checkedValue('variations')),
    size: checkedValue('size'),
    steps: Number(input('#steps')?.value),
    review: input('#review')?.checked ?? false,
    theme: /** @type {HTMLSelectElement} */ ($('#theme')).value,
  }
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(s))
  document.dispatchEvent(new Event('mus2pic:settings'))
}

/** Loads the server defaults, shows the saved choices, and saves every change from now on. */
export async function setupSettings() {
  try {
    defaults = (await api('/api/settings', { quiet: true })).defaults
  } catch {
    // the built-in defaults above stand in; the form still works
  }
  apply(saved())
  $('#create-form').addEventListener('change', (e) => {
    const t = /** @type {HTMLElement} */ (e.target)
    if (t.closest('.styles, .options, .advanced')) save()
  })
  $('#settings-reset').addEventListener('click', () => {
    localStorage.removeItem(SETTINGS_KEY)
    apply({})
    document.dispatchEvent(new Event('mus2pic:settings'))
  })
}
