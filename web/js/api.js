// Talks to the Mus2Pic API: JSON in and out, typed errors ({code, message}) as ApiError, the optional
// API key from localStorage on writes.

export class ApiError extends Error {
  /** @param {string} code @param {string} message @param {number} status */
  constructor(code, message, status) {
    super(message)
    this.code = code
    this.status = status
  }
}

const KEY = 'mus2pic.apiKey'

/** @param {string} path @param {RequestInit & {json?: unknown}} [init] */
export async function api(path, init = {}) {
  const headers = new Headers(init.headers)
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json')
    init.body = JSON.stringify(init.json)
  }
  const method = (init.method ?? 'GET').toUpperCase()
  const key = localStorage.getItem(KEY)
  if (key && method !== 'GET') headers.set('x-api-key', key)
  const res = await fetch(path, { ...init, headers })
  if (res.status === 204) return null
  const body = await res.json().catch(() => null)
  if (!res.ok) {
    const err = body?.error ?? { code: 'HTTP_' + res.status, message: `The server answered ${res.status}.` }
    if (err.code === 'UNAUTHORIZED') {
      const k = prompt('This server needs an API key for changes. Enter it:')
      if (k) {
        localStorage.setItem(KEY, k)
        return api(path, init)
      }
    }
    throw new ApiError(err.code, err.message, res.status)
  }
  return body
}

/** Upload with progress (XHR gives upload progress; fetch does not). */
export function upload(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/uploads')
    const key = localStorage.getItem(KEY)
    if (key) xhr.setRequestHeader('x-api-key', key)
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total)
    xhr.onload = () => {
      let body = null
      try { body = JSON.parse(xhr.responseText) } catch {}
      if (xhr.status >= 200 && xhr.status < 300) resolve(body)
      else reject(new ApiError(body?.error?.code ?? 'UPLOAD_FAILED', body?.error?.message ?? `Upload failed (${xhr.status}).`, xhr.status))
    }
    xhr.onerror = () => reject(new ApiError('NETWORK', 'The upload could not reach the server.', 0))
    const form = new FormData()
    form.append('file', file)
    xhr.send(form)
  })
}
