/** One line of a line chart. */
export interface ChartSeries {
  label: string
  /** y values by x index; `undefined` leaves a gap. */
  values: (number | undefined)[]
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777']
const WIDTH = 720
const HEIGHT = 240
const PAD = { left: 56, right: 12, top: 12, bottom: 28 }

/** Escapes text for HTML and SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

/** A tick label: whole numbers, or one decimal on small scales. */
function tick(value: number, max: number): string {
  return max < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value))
}

function axis(maxY: number, unit: string, count: number): string {
  const ticks = [0, 0.5, 1].map((t) => {
    const y = PAD.top + (1 - t) * (HEIGHT - PAD.top - PAD.bottom)
    return `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/><text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${escapeHtml(`${tick(maxY * t, maxY)}${unit}`)}</text>`
  })
  return `${ticks.join('')}<text x="${WIDTH / 2}" y="${HEIGHT - 6}" text-anchor="middle" font-size="11">runs (oldest → newest, ${count})</text>`
}

/** A line chart as inline SVG; `id` names it for the report's self-check. */
export function lineChart(id: string, title: string, series: ChartSeries[], unit: string): string {
  const count = Math.max(1, ...series.map((s) => s.values.length))
  const maxY = Math.max(1, ...series.flatMap((s) => s.values.filter((v): v is number => v !== undefined)))
  const x = (i: number): number =>
    PAD.left + (count === 1 ? 0.5 : i / (count - 1)) * (WIDTH - PAD.left - PAD.right)
  const y = (v: number): number => PAD.top + (1 - v / maxY) * (HEIGHT - PAD.top - PAD.bottom)
  const lines = series.map((s, index) => {
    let d = ''
    let pen = 'M'
    s.values.forEach((v, i) => {
      if (v === undefined) {
        pen = 'M'
        return
      }
      d += `${pen}${x(i).toFixed(1)},${y(v).toFixed(1)}`
      pen = 'L'
    })
    const color = PALETTE[index % PALETTE.length]
    const dots =
      s.values.length === 1 && s.values[0] !== undefined
        ? `<circle cx="${x(0)}" cy="${y(s.values[0])}" r="3" fill="${color}"/>`
        : ''
    return `<path class="series" d="${d}" fill="none" stroke="${color}" stroke-width="2"><title>${escapeHtml(s.label)}</title></path>${dots}`
  })
  const legend = series
    .map(
      (s, i) =>
        `<span class="key"><i style="background:${PALETTE[i % PALETTE.length]}"></i>${escapeHtml(s.label)}</span>`,
    )
    .join('')
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg data-chart="${id}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${axis(maxY, unit, count)}${lines.join('')}</svg><div class="legend">${legend}</div></figure>`
}

/** A horizontal bar chart as inline SVG. */
export function barChart(
  id: string,
  title: string,
  bars: { label: string; value: number; note: string }[],
  unit: string,
): string {
  const rowHeight = 22
  const height = Math.max(1, bars.length) * rowHeight + 8
  const labelWidth = 300
  const maxV = Math.max(1e-9, ...bars.map((b) => b.value))
  const rows = bars.map((bar, i) => {
    const w = Math.max(2, (bar.value / maxV) * (WIDTH - labelWidth - 90))
    const yy = 4 + i * rowHeight
    return `<text x="${labelWidth - 6}" y="${yy + 14}" text-anchor="end" font-size="11">${escapeHtml(bar.label.length > 48 ? `…${bar.label.slice(-47)}` : bar.label)}</text><rect class="series" x="${labelWidth}" y="${yy}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="#dc2626"><title>${escapeHtml(bar.note)}</title></rect><text x="${labelWidth + w + 4}" y="${yy + 14}" font-size="11">${escapeHtml(`${bar.value}${unit}`)}</text>`
  })
  const empty = bars.length
    ? ''
    : `<text class="series" x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="12">no flaky tests in the history</text>`
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg data-chart="${id}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}">${rows.join('')}${empty}</svg></figure>`
}
