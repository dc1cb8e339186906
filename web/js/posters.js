// Poster cards, the full-size viewer (with previous/next) and the side-by-side compare, shared by the
// results grid and the gallery.
import { api } from './api.js'
import { $, confirmAction, dialog, h, icon, toast } from './dom.js'

const ENGINES = { sketch: 'Built-in sketch engine', lcm: 'LCM (Dreamshaper v7)' }
export const engineName = (id) => ENGINES[id] ?? id

/**
 * @param {any} p poster view
 * @param {{ list?: any[], onDelete?: (p:any)=>void, onSelect?: (p:any, on:boolean)=>void,
 *   onReroll?: (from:any, p:any)=>void, selectable?: boolean, variation?: boolean }} [opts]
 */
export function posterCard(p, opts = {}) {
  const label = opts.variation ? `Variation ${p.index + 1}` : p.title
  const open = h(
    'button',
    { type: 'button', class: 'thumb', 'aria-label': `Open ${p.title}, variation ${p.index + 1}, full size` },
    [h('img', { src: p.thumbUrl, alt: '', loading: 'lazy', width: p.width, height: p.height })],
  )
  open.addEventListener('click', () => openViewer(p, opts.list))
  const overlay = [favButton(p)]
  if (opts.selectable) {
    const box = /** @type {HTMLInputElement} */ (
      h('input', {
        type: 'checkbox',
        class: 'select',
        'aria-label': `Select ${p.title} ${p.index + 1} to compare`,
      })
    )
    box.addEventListener('change', () => opts.onSelect?.(p, box.checked))
    overlay.unshift(
      h('label', { class: 'pick', title: 'Select to compare' }, [
        box,
        h('span', { class: 'pick-mark', 'aria-hidden': 'true' }, [icon('check')]),
      ]),
    )
  }
  // one download icon on the card; everything else in a menu, so the title keeps the row's width
  const items = [
    menuItem('Copy prompt', 'copy', () => copyPrompt(p)),
    menuItem('Share link', 'share', () => sharePoster(p)),
  ]
  if (opts.onReroll) items.unshift(menuItem('Re-roll this one', 'reroll', () => reroll(p, opts.onReroll)))
  if (opts.onDelete) {
    items.push(
      menuItem(`Delete`, 'trash', async () => {
        if (
          !(await confirmAction(
            'Delete this poster?',
            `“${p.title}”, variation ${p.index + 1}. This cannot be undone.`,
          ))
        )
          return
        try {
          await api(`/api/posters/${p.id}`, { method: 'DELETE' })
          opts.onDelete?.(p)
        } catch (e) {
          toast(e.message)
        }
      }),
    )
  }
  const tools = [downloadLink(p), menu(p, items)]
  return h('li', { class: 'card', 'data-id': p.id }, [
    h('div', { class: 'thumb-wrap' }, [open, ...overlay]),
    h('div', { class: 'meta' }, [
      h('p', { class: 'title', text: label, title: label }),
      h('p', { class: 'sub', text: opts.variation ? `seed ${p.seed}` : `${p.author ?? ''}` }),
      opts.variation
        ? null
        : h('p', { class: 'tags' }, [
            h('span', { class: 'tag', text: `${Math.round(p.bpm)} BPM` }),
            h('span', { class: 'tag', text: p.key }),
            h('span', { class: 'tag', text: p.mood }),
            h('span', { class: 'tag style-tag', 'data-style': p.style, text: p.style }),
          ]),
      h('div', { class: 'tools' }, tools),
    ]),
  ])
}

function favButton(p) {
  const fav = h('button', { type: 'button', class: 'fav' }, [icon('star')])
  const paint = () => {
    fav.classList.toggle('on', p.favourite)
    fav.setAttribute('aria-pressed', String(p.favourite))
    fav.setAttribute('aria-label', `Favourite: ${p.title} ${p.index + 1}`)
    fav.title = p.favourite ? 'Remove from favourites' : 'Mark as favourite'
  }
  paint()
  fav.addEventListener('click', async () => {
    const next = !p.favourite
    try {
      await api(`/api/posters/${p.id}`, { method: 'PATCH', json: { favourite: next } })
      p.favourite = next
      paint()
      toast(next ? 'Added to favourites' : 'Removed from favourites')
    } catch (e) {
      toast(e.message)
    }
  })
  return fav
}

/** A "more actions" button with a small menu of labelled items; Esc or a click elsewhere closes it. */
function menu(p, items) {
  const id = `menu-${p.id}`
  const button = h(
    'button',
    {
      type: 'button',
      class: 'icon more',
      'aria-label': `More actions for ${p.title} ${p.index + 1}`,
      title: 'More actions',
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      'aria-controls': id,
    },
    [icon('more')],
  )
  const list = h('div', { class: 'menu', id, role: 'menu', hidden: true }, items)
  const close = () => {
    list.hidden = true
    button.setAttribute('aria-expanded', 'false')
    document.removeEventListener('click', outside, true)
  }
  const outside = (e) => !list.contains(e.target) && e.target !== button && !button.contains(e.target) && close()
  button.addEventListener('click', () => {
    if (!list.hidden) return close()
    list.hidden = false
    button.setAttribute('aria-expanded', 'true')
    document.addEventListener('click', outside, true)
    const first = /** @type {HTMLElement|null} */ (list.querySelector('button'))
    first?.focus()
  })
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return
    e.stopPropagation()
    close()
    button.focus()
  })
  list.addEventListener('click', (e) => /** @type {Element} */ (e.target).closest('button') && close())
  return h('div', { class: 'menu-wrap' }, [button, list])
}

function menuItem(label, iconName, run) {
  const b = h('button', { type: 'button', role: 'menuitem', 'data-action': iconName }, [icon(iconName), label])
  b.addEventListener('click', run)
  return b
}

async function copyPrompt(p) {
  try {
    await navigator.clipboard.writeText(p.prompt)
    toast('Prompt copied')
  } catch {
    toast('The browser blocked the clipboard; open the poster and select the prompt')
  }
}

function copyButton(p, withText = false) {
  const b = h(
    'button',
    { type: 'button', class: withText ? 'button' : 'icon', 'aria-label': 'Copy prompt', title: 'Copy prompt' },
    [icon('copy'), withText ? 'Copy prompt' : null],
  )
  b.addEventListener('click', () => copyPrompt(p))
  return b
}

/** A public link: the phone's share sheet where there is one, else the link copied. */
export async function sharePoster(p) {
  let url
  try {
    ;({ url } = await api(`/api/posters/${p.id}/share`, { method: 'POST' }))
  } catch (e) {
    return toast(e.message)
  }
  const phone = matchMedia('(pointer: coarse)').matches
  if (phone && navigator.share) {
    try {
      await navigator.share({ title: p.title, text: `${p.title} — a Mus2Pic poster`, url })
      return
    } catch (e) {
      if (/** @type {Error} */ (e).name === 'AbortError') return
    }
  }
  try {
    await navigator.clipboard.writeText(url)
    toast('Share link copied')
  } catch {
    toast(`Share link: ${url}`)
  }
  document.dispatchEvent(new CustomEvent('mus2pic:shared', { detail: { url, poster: p } }))
}

/** One more of this poster (same prompt, style and size, new seed); `done` receives the new poster. */
async function reroll(p, done) {
  try {
    const job = await api(`/api/posters/${p.id}/reroll`, { method: 'POST', json: {} })
    toast('Re-rolling one poster…')
    for (;;) {
      await new Promise((r) => setTimeout(r, 400))
      const j = await api(`/api/jobs/${job.id}`)
      if (j.state === 'done') return done(p, j.posters[0])
      if (j.state === 'failed' || j.state === 'cancelled') return toast(j.error?.message ?? 'The re-roll stopped')
    }
  } catch (e) {
    toast(e.message)
  }
}

function downloadLink(p, withText = false) {
  const name = `${slug(p.title)}-${p.index + 1}.png`
  return h(
    'a',
    {
      class: withText ? 'button primary' : 'icon',
      href: `${p.imageUrl}${p.imageUrl.includes('?') ? '&' : '?'}download=1`,
      download: name,
      'aria-label': 'Download PNG',
      title: 'Download PNG',
    },
    [icon('download'), withText ? 'Download PNG' : null],
  )
}

/** Art only (no text, no QR) and, for vector artwork, the poster as SVG. */
function extraDownloads(p) {
  const base = `mus2pic-${slug(p.title)}-${p.index + 1}`
  return [
    p.artUrl
      ? h('a', { class: 'button', href: `${p.artUrl}?download=1`, download: `${base}-art.png`, text: 'Art only' })
      : null,
    p.svgUrl ? h('a', { class: 'button', href: `${p.svgUrl}?download=1`, download: `${base}.svg`, text: 'SVG' }) : null,
  ].filter(Boolean)
}

const slug = (s) =>
  String(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'poster'

/** Full size, with its facts and prompt; ← → walk through `list` when given. */
export function openViewer(p, list = []) {
  const i = list.findIndex((x) => x.id === p.id)
  const step = (d) => list[(i + d + list.length) % list.length]
  const nav = list.length > 1
  const body = $('#viewer-body')
  body.replaceChildren(
    h('div', { class: 'stage' }, [
      h('img', {
        src: p.imageUrl,
        alt: `${p.title} by ${p.author}: ${p.style} poster, variation ${p.index + 1}`,
        class: 'full',
        width: p.width,
        height: p.height,
      }),
      nav
        ? h(
            'button',
            {
              type: 'button',
              class: 'round nav prev',
              'aria-label': 'Previous poster',
              'data-nav': '-1',
              onclick: () => openViewer(step(-1), list),
            },
            [icon('prev')],
          )
        : null,
      nav
        ? h(
            'button',
            {
              type: 'button',
              class: 'round nav next',
              'aria-label': 'Next poster',
              'data-nav': '1',
              onclick: () => openViewer(step(1), list),
            },
            [icon('next')],
          )
        : null,
    ]),
    h('div', { class: 'viewer-info' }, [
      h('p', { class: 'viewer-artist', text: p.author }),
      h('dl', { class: 'spec' }, [
        ...fact('Tempo', `${Math.round(p.bpm)} BPM`),
        ...fact('Key', p.key),
        ...fact('Mood', p.mood),
        ...fact('Style', p.style),
        ...fact('Size', `${p.width} × ${p.height}`),
        ...fact('Seed', String(p.seed)),
        ...fact('Engine', engineName(p.engine)),
      ]),
      h(
        'div',
        { class: 'swatches' },
        (p.palette ?? []).map((c) => swatch(c)),
      ),
      // a sketch that does not show the subject must not present the prompt as its description
      h('p', { class: 'prompt-label', text: p.depicts === false ? 'Prompt for AI engines' : 'Prompt' }),
      h('p', { class: 'prompt', text: p.prompt }),
      h('div', { class: 'actions' }, [downloadLink(p, true), ...extraDownloads(p), copyButton(p, true)]),
    ]),
  )
  $('#viewer-title').textContent = `${p.title} · ${p.index + 1}${nav ? ` (${i + 1} of ${list.length})` : ''}`
  const d = dialog('#viewer')
  d.classList.remove('wide')
  if (!d.open) d.showModal()
}

const fact = (k, v) => [h('dt', { text: k }), h('dd', { text: v })]

export function swatch(colour) {
  const s = h('span', { class: 'swatch', title: colour, 'aria-label': colour, role: 'img' })
  s.style.background = colour
  return s
}

/** Two posters side by side, with what differs between them marked. */
export function openCompare(a, b) {
  /** @type {[string, (p: any) => string][]} */
  const rows = [
    ['Song', (p) => [p.title, p.author].filter(Boolean).join(' — ')],
    ['Style', (p) => p.style],
    ['Tempo', (p) => `${Math.round(p.bpm)} BPM`],
    ['Key', (p) => p.key],
    ['Mood', (p) => p.mood],
    ['Seed', (p) => String(p.seed)],
    ['Engine', (p) => engineName(p.engine)],
  ]
  const col = (p) =>
    h('figure', {}, [
      h('img', {
        src: p.imageUrl,
        alt: `${p.title}: ${p.style} poster, seed ${p.seed}`,
        class: 'full',
        width: p.width,
        height: p.height,
      }),
      h('figcaption', {}, [
        h(
          'dl',
          { class: 'spec' },
          rows.flatMap(([k, f]) => [
            h('dt', { text: k }),
            h('dd', { class: f(a) !== f(b) ? 'differs' : '', text: f(p) }),
          ]),
        ),
      ]),
    ])
  $('#viewer-body').replaceChildren(h('div', { class: 'compare' }, [col(a), col(b)]))
  $('#viewer-title').textContent = 'Compare'
  const d = dialog('#viewer')
  d.classList.add('wide')
  if (!d.open) d.showModal()
}

/** Arrow keys inside the open viewer walk the list. @returns {boolean} handled */
export function viewerStep(key) {
  const d = dialog('#viewer')
  if (!d.open) return false
  const dir = key === 'ArrowRight' ? '1' : key === 'ArrowLeft' ? '-1' : null
  const b = dir && /** @type {HTMLButtonElement|null} */ (d.querySelector(`[data-nav="${dir}"]`))
  b?.click()
  return !!b
}
