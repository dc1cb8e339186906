// QR code back to the song, drawn as SVG rects (qrcode package for the matrix) on a quiet zone.
import QRCode from 'qrcode'

/** SVG group of a QR code `size` px wide at (x, y), dark modules in `ink` on `paper`. */
export function qrSvg(url: string, x: number, y: number, size: number, ink: string, paper: string): string {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const quiet = 2
  const cell = size / (n + quiet * 2)
  let rects = ''
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c))
        rects += `M${((c + quiet) * cell).toFixed(2)} ${((r + quiet) * cell).toFixed(2)}h${cell.toFixed(2)}v${cell.toFixed(2)}h-${cell.toFixed(2)}z`
    }
  }
  const card = `<rect width="${size}" height="${size}" rx="${(cell * 0.8).toFixed(1)}" fill="${paper}"/>`
  const modules = `<path d="${rects}" fill="${ink}" shape-rendering="crispEdges"/>`
  return `<g transform="translate(${x.toFixed(1)} ${y.toFixed(1)})">${card}${modules}</g>`
}
