// A batch on the create view: one row per song (its state, then a link to its posters), polled until
// every job has ended, then one ZIP for the whole batch.
import { api } from './api.js'
import { $, h } from './dom.js'

const WORDS = {
  queued: 'waiting',
  fetching: 'fetching',
  analyzing: 'listening',
  prompting: 'writing prompts',
  generating: 'painting',
  composing: 'setting type',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
}
let timer = 0

/** Shows the batch and follows it until it is done. @param {any} batch */
export function showBatch(batch) {
  clearTimeout(timer)
  const panel = $('#batch-panel')
  panel.hidden = false
  render(batch)
  panel.scrollIntoView({ block: 'nearest' })
  const poll = async () => {
    const b = await api(`/api/batches/${batch.id}`).catch(() => null)
    if (b) render(b)
    if (!b || b.state !== 'done') timer = window.setTimeout(poll, 800)
  }
  timer = window.setTimeout(poll, 500)
}

function render(b) {
  const done = b.state === 'done'
  $('#batch-title').textContent = done
    ? `Batch done: ${b.counts.done} of ${b.counts.total} songs made${b.counts.failed ? `, ${b.counts.failed} failed` : ''}`
    : `Making ${b.jobs.length} songs… ${b.counts.done} done`
  $('#batch-panel').setAttribute('data-state', b.state)
  $('#batch-list').replaceChildren(
    ...b.jobs.map((j, i) => {
      const name = j.track?.title ?? j.input?.url ?? j.input?.audioId ?? `song ${i + 1}`
      return h('li', { 'data-state': j.state }, [
        h('span', { class: 'batch-name', text: name, title: name }),
        j.state === 'done'
          ? h('a', { href: `#job/${j.id}`, text: `${j.posters.length} poster${j.posters.length === 1 ? '' : 's'}` })
          : h('span', { class: 'batch-state', text: j.error?.message ?? WORDS[j.state] ?? j.state }),
      ])
    }),
  )
  const zip = $('#batch-zip')
  zip.hidden = !done || !b.counts.done
  zip.setAttribute('href', b.zipUrl)
  zip.setAttribute('download', `mus2pic-${b.id}.zip`)
}
