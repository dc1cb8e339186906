// Talks to the Mus2Pic API: JSON in and out, typed errors ({code, message}) as ApiError, and the
// optional API key (localStorage) on writes; a 401 asks for the key in place and retries once.

export class ApiError extends Error {
  /** @param {string} code @param {string} message @param {number} status @param {number} [retryAfter] seconds */
  constructor(code, message, status, retryAfter) {
    super(message)
    this.code = code
    this.status = status
    this.retryAfter = retryAfter
  }
}

const KEY = 'mus2pic.apiKey'
/** @type {() => Promise<string|null>} set by the app: shows the key field, resolves with the key or null */
let askForKey = async () => null

/** @param {() => Promise<string|null>} fn */
export function onKeyNeeded(fn) {
  askForKey = fn
}

export const storedKey = () => localStorage.getItem(KEY)

/** Human wording for the codes people meet most; the server's message is the fallback. */
const WORDS = {
  VIDEO_PRIVATE: 'This video is private.',
  VIDEO_UNAVAILABLE: 'This video is unavailable — it may have been removed or blocked in this region.',
  VIDEO_LIVE: 'Live streams cannot be turned into posters; try again when the stream has ended.',
  VIDEO_AGE_RESTRICTED: 'This video is age-restricted and needs a signed-in account.',
  TRACK_TOO_LONG: null,
  PAYLOAD_TOO_LARGE: 'That file is too large to upload.',
  // the server's code: it could not reach the video source (not that we could not reach the server)
  NETWORK:
    'The server could not download this video (a network error between it and YouTube). Try again, or upload the audio file instead.',
  SOURCE_BLOCKED: 'YouTube refused the download. Try again later, or upload the audio file instead.',
  // the browser's own: no answer from the Mus2Pic server at all
  OFFLINE: 'Cannot reach the Mus2Pic server. Is it running?',
}

/** @param {{code?: string, message?: string}} err @param {number} [retryAfter] */
export function explain(err, retryAfter) {
  const code = err.code ?? ''
  if (code === 'RATE_LIMITED' || code === 'QUEUE_FULL') {
    const wait = retryAfter ? ` Try again in ${retryAfter} s.` : ''
    return (code === 'QUEUE_FULL' ? 'The queue is full right now.' : 'Too many requests right now.') + wait
  }
  const msg = WORDS[code] ?? err.message ?? 'Something went wrong.'
  return msg.charAt(0).toUpperCase() + msg.slice(1)
}

async function errorOf(res) {
  const body = await res.json().catch(() => null)
  const err = body?.error ?? { code: 'HTTP_' + res.status, message: `The server answered ${res.status}.` }
  const retry = Number(res.headers.get('retry-after')) || undefined
  return new ApiError(err.code, explain(err, retry), res.status, retry)
}

/** @param {string} path @param {RequestInit & {json?: unknown, quiet?: boolean}} [init] quiet: never ask for the key @param {boolean} [retried] */
export async function api(path, init = {}, retried = false) {
  const headers = new Headers(init.headers)
  let body = init.body
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json')
    body = JSON.stringify(init.json)
  }
  const method = (init.method ?? 'GET').toUpperCase()
  const key = storedKey()
  if (key && method !== 'GET') headers.set('x-api-key', key)
  let res
  try {
    res = await fetch(path, { ...init, body, headers })
  } catch {
    throw new ApiError('OFFLINE', WORDS.OFFLINE, 0)
  }
  if (res.status === 204) return null
  if (!res.ok) {
    const err = await errorOf(res)
    if (err.code === 'UNAUTHORIZED' && !retried && !init.quiet && (await askForKey())) return api(path, init, true)
    throw err
  }
  return res.json()
}

/** @param {string} key */
export function saveKey(key) {
  localStorage.setItem(KEY, key)
}

/** Upload with progress (XHR reports upload progress; fetch does not). @param {File} file @param {(f:number)=>void} onProgress */
export function upload(file, onProgress, retried = false) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/uploads')
    const key = storedKey()
    if (key) xhr.setRequestHeader('x-api-key', key)
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total)
    xhr.onload = async () => {
      let body = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        // not JSON (a proxy's error page): the status below says enough
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body)
      const err = body?.error ?? { code: 'UPLOAD_FAILED', message: `The upload failed (${xhr.status}).` }
      if (err.code === 'UNAUTHORIZED' && !retried && (await askForKey()))
        return upload(file, onProgress, true).then(resolve, reject)
      const retry = Number(xhr.getResponseHeader('retry-after')) || undefined
      reject(new ApiError(err.code, explain(err, retry), xhr.status, retry))
    }
    xhr.onerror = () => reject(new ApiError('OFFLINE', WORDS.OFFLINE, 0))
    const form = new FormData()
    form.append('file', file)
    xhr.send(form)
  })
}
