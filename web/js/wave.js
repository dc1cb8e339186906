// The track drawn on a canvas: waveform peaks (decoded in the browser with WebAudio from the cached
// audio) under the analysis' energy curve, with a playhead that follows the audio preview; a click seeks.

const BARS = 180
let peaks = /** @type {number[]|null} */ (null)
let energy = /** @type {number[]|null} */ (null)
let canvas = /** @type {HTMLCanvasElement|null} */ (null)
let audio = /** @type {HTMLAudioElement|null} */ (null)
let token = 0

/** @param {HTMLCanvasElement} c @param {HTMLAudioElement} a */
export function setupWave(c, a) {
  canvas = c
  audio = a
  new ResizeObserver(() => draw()).observe(c)
  a.addEventListener('timeupdate', () => draw())
  a.addEventListener('seeked', () => draw())
  c.addEventListener('click', (e) => {
    if (!audio?.duration) return
    const r = c.getBoundingClientRect()
    audio.currentTime = ((e.clientX - r.left) / r.width) * audio.duration
  })
  document.addEventListener('mus2pic:theme', () => draw())
}

export function resetWave() {
  token++
  peaks = null
  energy = null
  draw()
}

/** @param {number[]} curve energy, any scale */
export function setEnergy(curve) {
  if (!curve?.length) return
  const max = Math.max(...curve, 1e-9)
  energy = curve.map((v) => v / max)
  draw()
}

/** Decodes the cached audio and draws its peaks; silently keeps the energy curve if decoding fails. */
export async function loadPeaks(url) {
  const mine = ++token
  try {
    const buf = await (await fetch(url)).arrayBuffer()
    const ctx = new OfflineAudioContext(1, 1, 22050)
    const audioBuf = await ctx.decodeAudioData(buf)
    if (mine !== token) return
    const data = audioBuf.getChannelData(0)
    const per = Math.max(1, Math.floor(data.length / BARS))
    const stride = Math.max(1, Math.floor(per / 256))
    const out = []
    for (let b = 0; b < BARS; b++) {
      let m = 0
      for (let i = b * per, end = Math.min(data.length, (b + 1) * per); i < end; i += stride)
        m = Math.max(m, Math.abs(data[i]))
      out.push(m)
    }
    const max = Math.max(...out, 1e-9)
    peaks = out.map((v) => v / max)
    canvas?.setAttribute('data-peaks', String(peaks.length))
    draw()
  } catch {
    // formats the browser cannot decode: the energy curve alone still tells the story
  }
}

function draw() {
  if (!canvas) return
  const dpr = window.devicePixelRatio || 1
  const w = canvas.clientWidth
  const hgt = canvas.clientHeight
  if (!w || !hgt) return
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(hgt * dpr)) {
    canvas.width = Math.round(w * dpr)
    canvas.height = Math.round(hgt * dpr)
  }
  const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'))
  g.setTransform(dpr, 0, 0, dpr, 0, 0)
  g.clearRect(0, 0, w, hgt)
  const css = getComputedStyle(canvas)
  const ink = css.getPropertyValue('--wave').trim() || '#999'
  const played = css.getPropertyValue('--wave-played').trim() || '#333'
  const accent = css.getPropertyValue('--accent').trim() || '#c40'
  const progress = audio?.duration ? audio.currentTime / audio.duration : 0
  const mid = hgt / 2

  if (peaks) {
    const bw = w / peaks.length
    for (let i = 0; i < peaks.length; i++) {
      const x = i * bw
      const amp = Math.max(1, peaks[i] * (hgt * 0.46))
      g.fillStyle = x / w < progress ? played : ink
      g.fillRect(x + bw * 0.18, mid - amp, Math.max(1, bw * 0.64), amp * 2)
    }
  } else {
    g.fillStyle = ink
    g.fillRect(0, mid - 0.5, w, 1)
  }

  if (energy) {
    const curve = energy
    const pts = curve.map((v, i) => [(i / (curve.length - 1)) * w, hgt - 4 - v * (hgt - 10)])
    g.beginPath()
    g.moveTo(0, hgt)
    for (const [x, y] of pts) g.lineTo(x, y)
    g.lineTo(w, hgt)
    g.closePath()
    const grad = g.createLinearGradient(0, 0, 0, hgt)
    grad.addColorStop(0, hexA(accent, 0.32))
    grad.addColorStop(1, hexA(accent, 0))
    g.fillStyle = grad
    g.fill()
    g.beginPath()
    pts.forEach(([x, y], i) => (i ? g.lineTo(x, y) : g.moveTo(x, y)))
    g.strokeStyle = accent
    g.lineWidth = 1.75
    g.lineJoin = 'round'
    g.stroke()
  }

  if (progress > 0) {
    g.fillStyle = accent
    g.fillRect(progress * w - 1, 0, 2, hgt)
  }
}

/** '#rrggbb' or 'rgb(...)' with an alpha. */
function hexA(c, a) {
  const m = /^#([0-9a-f]{6})$/i.exec(c)
  if (!m) return c
  const n = parseInt(m[1], 16)
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${a})`
}
