import { escapeHtml } from './html-escape'

/** One line of a line chart. */
export interface ChartSeries {
  label: string
  /** y values by x index; `undefined` leaves a gap. */
  values: (number | undefined)[]
  /** The tooltip of each x index (`run 3 · 2026-03-01`); default `run <n>`. */
  labels?: string[]
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777']
const WIDTH = 720
const HEIGHT = 240
const PAD = { left: 56, right: 12, top: 12, bottom: 28 }

/** A tick label: whole numbers, or one decimal on small scales. */
function tick(value: number, max: number): string {
  return max < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value))
}

function axis(maxY: number, unit: string, count: number): string {
  const ticks = [0, 0.5, 1].map((t) => {
    const y = PAD.top + (1 - t) * (HEIGHT - PAD.top - PAD.bottom)
    return `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}"/><text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${escapeHtml(`${tick(maxY * t, maxY)}${unit}`)}</text>`
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
    // Every point carries its value, so the chart can be read without guessing from the axis.
    const dots = s.values
      .map((v, i) =>
        v === undefined
          ? ''
          : `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${color}"><title>${escapeHtml(`${s.labels?.[i] ?? `run ${i + 1}`} · ${s.label}: ${tick(v, maxY)}${unit}`)}</title></circle>`,
      )
      .join('')
    const last = [...s.values].reverse().find((v) => v !== undefined)
    const lastAt = s.values.lastIndexOf(last)
    const label =
      last === undefined
        ? ''
        : `<text x="${Math.min(x(lastAt) + 4, WIDTH - PAD.right - 30).toFixed(1)}" y="${Math.max(PAD.top + 10, y(last) - 6).toFixed(1)}" font-size="11">${escapeHtml(`${tick(last, maxY)}${unit}`)}</text>`
    return `<path class="series" d="${d}" fill="none" stroke="${color}" stroke-width="2"><title>${escapeHtml(s.label)}</title></path>${dots}${label}`
  })
  const legend = series
    .map(
      (s, i) =>
        `<span class="key"><i style="background:${PALETTE[i % PALETTE.length]}"></i>${escapeHtml(s.label)}</span>`,
    )
    .join('')
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg data-chart="${id}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${axis(maxY, unit, count)}${lines.join('')}</svg><div class="legend">${legend}</div></figure>`
}
