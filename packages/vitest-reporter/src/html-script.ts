/**
 * The report's only script (inline, no dependencies, reads nothing but the page): sorts any `table.sortable` by
 * the column whose header button is clicked (each cell's `data-v`, numbers as numbers), filters the files table
 * by text, level, isolation and status, and counts what is shown. It also records on `<body>` how many charts
 * drew visible marks, for the browser test.
 */
export const REPORT_SCRIPT = `(() => {
  for (const table of document.querySelectorAll('table.sortable')) {
    const body = table.tBodies[0]
    const headers = [...table.tHead.rows[0].cells]
    headers.forEach((th, column) => {
      const button = th.querySelector('button')
      if (!button) return
      button.addEventListener('click', () => {
        const numeric = th.dataset.type === 'number'
        const dir = th.getAttribute('aria-sort') === (numeric ? 'descending' : 'ascending') ? -1 : 1
        const sign = numeric ? -dir : dir
        for (const other of headers) other.removeAttribute('aria-sort')
        th.setAttribute('aria-sort', sign === 1 ? 'ascending' : 'descending')
        const value = (row) => {
          const cell = row.cells[column]
          const v = cell.dataset.v ?? cell.textContent
          return numeric ? (v === '' ? -Infinity : Number(v)) : v.toLowerCase()
        }
        const rows = [...body.rows]
        rows.sort((a, b) => {
          const x = value(a), y = value(b)
          return (numeric ? x - y : x < y ? -1 : x > y ? 1 : 0) * sign
        })
        body.append(...rows)
      })
    })
  }
  const files = document.getElementById('files-table')
  if (files) {
    const controls = [...document.querySelectorAll('[data-filter]')]
    const shown = document.getElementById('files-shown')
    const apply = () => {
      let count = 0
      for (const row of files.tBodies[0].rows) {
        const ok = controls.every((control) => {
          const wanted = control.value.trim().toLowerCase()
          if (!wanted) return true
          const have = (row.dataset[control.dataset.filter] ?? '').toLowerCase()
          return control.tagName === 'SELECT' ? have === wanted : have.includes(wanted)
        })
        row.hidden = !ok
        if (ok) count++
      }
      shown.textContent = String(count)
    }
    for (const control of controls) control.addEventListener('input', apply)
    apply()
  }
  const charts = [...document.querySelectorAll('svg[data-chart]')]
  const drawn = charts.filter((svg) => [...svg.querySelectorAll('.series')].some((e) => { const b = e.getBBox(); return b.width > 0 || b.height > 0 }))
  document.body.dataset.chartsTotal = String(charts.length)
  document.body.dataset.chartsRendered = String(drawn.length)
})()`
