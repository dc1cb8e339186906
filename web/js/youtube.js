// Client-side check of YouTube links, mirroring the server's rules (the server stays the authority).

const ID = /^[A-Za-z0-9_-]{11}$/
const HOSTS = [
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'gaming.youtube.com',
  'youtube-nocookie.com',
  'www.youtube-nocookie.com',
]

/** @param {string} input @returns {string | null} the video ID, or null */
export function videoIdOf(input) {
  const s = input.trim()
  if (!s || s.length > 2048) return null
  if (ID.test(s)) return s
  let url
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`)
  } catch {
    return null
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.port) return null
  const host = url.hostname.toLowerCase()
  if (host === 'youtu.be') {
    const id = url.pathname.split('/')[1] ?? ''
    return ID.test(id) ? id : null
  }
  if (!HOSTS.includes(host)) return null
  if (url.pathname === '/watch') {
    const v = url.searchParams.get('v') ?? ''
    return ID.test(v) ? v : null
  }
  const m = /^\/(shorts|embed|live|v|e)\/([^/?#]+)/.exec(url.pathname)
  return m && ID.test(m[2]) ? m[2] : null
}
