import { escapeHtml } from './html-escape'

/** One point of a sparkline: its value (absent: the file did not run then) and what its tooltip names. */
export interface SparkPoint {
  value: number | undefined
  /** `run 12 · 2026-03-01 · 3f9c0a1` */
  label: string
}

const WIDTH = 120
const HEIGHT = 26
const PAD = 3

/**
 * A small trend line with its values: every point has a tooltip (`<title>`), the latest is marked, and the
 * text beside it says the latest value and the range, so nothing has to be read off the curve.
 */
export function sparkline(points: readonly SparkPoint[], format: (value: number) => string): string {
  const values = points.map((point) => point.value).filter((value): value is number => value !== undefined)
  if (!values.length) return '<span class="dim">no history</span>'
  const min = Math.min(...values)
  const max = Math.max(...values)
  const span = max - min || 1
  const step = points.length > 1 ? (WIDTH - 2 * PAD) / (points.length - 1) : 0
  const x = (i: number): number => (points.length > 1 ? PAD + i * step : WIDTH / 2)
  const y = (v: number): number => HEIGHT - PAD - ((v - min) / span) * (HEIGHT - 2 * PAD)
  let d = ''
  let pen = 'M'
  const dots: string[] = []
  points.forEach((point, i) => {
    if (point.value === undefined) {
      pen = 'M'
      return
    }
    d += `${pen}${x(i).toFixed(1)},${y(point.value).toFixed(1)}`
    pen = 'L'
    const last = i === points.length - 1
    dots.push(
      `<circle class="${last ? 'pt last' : 'pt'}" cx="${x(i).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="${last ? 2.6 : 1.8}"><title>${escapeHtml(`${point.label}: ${format(point.value)}`)}</title></circle>`,
    )
  })
  const latest = values[values.length - 1] as number
  const summary = `${values.length} runs, latest ${format(latest)}, range ${format(min)}–${format(max)}`
  return `<svg class="spark" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(summary)}"><path class="series" d="${d}"/>${dots.join('')}</svg><span class="spark-value" title="${escapeHtml(summary)}">${escapeHtml(format(latest))} <span class="dim">(${escapeHtml(format(min))}–${escapeHtml(format(max))})</span></span>`
}

/** One run of a test, as a cell of its evidence strip. */
export interface StripCell {
  /** `retried`: passed after a failed attempt. `absent`: the test did not run in that run. */
  state: 'passed' | 'failed' | 'retried' | 'skipped' | 'absent'
  title: string
}

const STRIP_LETTER: Record<StripCell['state'], string> = {
  passed: '✓',
  failed: '✗',
  retried: '↻',
  skipped: '–',
  absent: '·',
}

/** A row of small cells, one per run, oldest first: the evidence of a flaky test, each cell with its tooltip. */
export function runStrip(cells: readonly StripCell[]): string {
  return `<span class="strip" role="list">${cells
    .map(
      (cell) =>
        `<i role="listitem" data-state="${cell.state}" title="${escapeHtml(cell.title)}">${STRIP_LETTER[cell.state]}</i>`,
    )
    .join('')}</span>`
}
