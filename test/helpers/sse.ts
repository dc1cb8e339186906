// Reads a Server-Sent Events stream with fetch until a predicate says stop (or the server closes it).
export interface SseEvent {
  id?: string
  event: string
  data: any
}

export async function readSse(
  url: string,
  opts: { lastEventId?: string; until?: (e: SseEvent, all: SseEvent[]) => boolean; timeoutMs?: number } = {},
): Promise<SseEvent[]> {
  const ac = new AbortController()
  const timer = setTimeout(() => ac.abort(), opts.timeoutMs ?? 30_000)
  const events: SseEvent[] = []
  try {
    const res = await fetch(url, {
      headers: opts.lastEventId ? { 'Last-Event-ID': opts.lastEventId } : {},
      signal: ac.signal,
    })
    if (!res.ok || !res.body) throw new Error(`SSE ${url} answered ${res.status}`)
    const decoder = new TextDecoder()
    let buf = ''
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true })
      let cut: number
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut)
        buf = buf.slice(cut + 2)
        const e: SseEvent = { event: 'message', data: '' }
        let data = ''
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue
          const [k, ...rest] = line.split(':')
          const v = rest.join(':').replace(/^ /, '')
          if (k === 'id') e.id = v
          else if (k === 'event') e.event = v
          else if (k === 'data') data += (data ? '\n' : '') + v
        }
        if (!data && !e.id) continue
        e.data = JSON.parse(data)
        events.push(e)
        if (opts.until?.(e, events)) {
          ac.abort()
          return events
        }
      }
    }
    return events
  } catch (err) {
    if (ac.signal.aborted && events.length) return events
    throw err
  } finally {
    clearTimeout(timer)
  }
}
