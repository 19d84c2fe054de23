import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { writeHistoryFile } from '@dbsafe/vitest-reporter'
import { expect, test } from 'vitest'
import { type BrowserPage, openPage } from './headless-chromium'
import { copySuite, runSuite } from './run-suite'
import { seededHistory } from './seed-report-history'

/** Where the screenshots go (kept after the test, ignored by git): evidence of what the assertions read. */
const SCREENSHOTS = fileURLToPath(new URL('../../.vitest/screenshots/html-report', import.meta.url))

/** A file whose name and test are HTML: the report must show both as text. */
const ODD_FILE = `tests/<img src=x onerror="window.pwned=1"> & 'odd'.test.ts`
const ODD_SOURCE = `import { expect, test } from 'vitest'
test('<b>not bold</b> & "quoted"', () => expect(true).toBe(true))
`

const visibleFiles = (page: BrowserPage): Promise<string[]> =>
  page.evaluate(
    `[...document.querySelectorAll('#files-table tbody tr')].filter((r) => !r.hidden).map((r) => r.cells[0].textContent)`,
  )

test('the HTML report opens with the verdict, lists failures, sorts and filters its files, and reads in dark mode — in headless Chromium', async ({
  annotate,
}) => {
  const root = copySuite('report-suite')
  writeFileSync(join(root, ODD_FILE), ODD_SOURCE)
  await writeHistoryFile(join(root, '.vitest/dbsafe/history.json'), seededHistory())
  const result = await runSuite(root, {
    env: { DBSAFE_RUN_ID: 'now', DBSAFE_COMMIT: 'feedbeef42', DBSAFE_BRANCH: 'main' },
  })
  expect(result.stdout).toContain('Flaky tests (1, 1 new)')

  const path = join(root, '.vitest/dbsafe/report.html')
  const html = readFileSync(path, 'utf8')
  // One self-contained file: nothing fetched, one inline script (the report's own).
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/)
  expect(html.match(/<script/g)).toHaveLength(1)

  rmSync(SCREENSHOTS, { recursive: true, force: true })
  mkdirSync(SCREENSHOTS, { recursive: true })
  const shots: string[] = []
  const page = await openPage(pathToFileURL(path).href)
  const shoot = async (name: string): Promise<void> => {
    const file = join(SCREENSHOTS, name)
    await page.screenshot(file)
    shots.push(file)
  }
  try {
    // The verdict first.
    expect(await page.evaluate('document.querySelector("#verdict").textContent')).toBe(
      '✗ dbsafe: failed: 1 failed test',
    )
    expect(await page.evaluate('document.querySelector("header.verdict").dataset.status')).toBe('failed')

    // The failed test with its error and where it was thrown.
    const failures = await page.evaluate<{ test: string; where: string; error: string }[]>(
      `[...document.querySelectorAll('#failed li')].map((li) => ({ test: li.querySelector('h3').textContent, where: li.querySelector('.where').textContent, error: li.querySelector('.error').textContent }))`,
    )
    expect(failures).toHaveLength(1)
    expect(failures[0]?.test).toBe('orders > totals add up')
    expect(failures[0]?.where).toBe('tests/failing.test.ts:8:25')
    expect(failures[0]?.error).toMatch(/^AssertionError: expected 3 to be 4/)
    await shoot('1-light.png')

    // Every file, with level, isolation and a trend whose points carry their values.
    const files = await visibleFiles(page)
    expect(files).toHaveLength(6)
    expect(files).toContain(ODD_FILE)
    const reads = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#files-table tbody tr')].find((r) => r.dataset.file === 'tests/reads.test.ts').querySelectorAll('td').values().map((td) => td.textContent).toArray()`,
    )
    expect(reads.slice(0, 4)).toEqual(['tests/reads.test.ts', 'read-only', 'read-only-clone', 'passed'])
    expect(
      await page.evaluate(
        `document.querySelector('#files-table tr[data-file="tests/reads.test.ts"] svg.spark circle.last title').textContent`,
      ),
    ).toMatch(/^run 13 · .* · feedbee · main: (\d+ms|[\d.]+s)$/)
    // Five files with 12 seeded runs and this one, and the new file with this run only.
    expect(await page.evaluate('document.querySelectorAll("#files-table svg.spark circle").length')).toBe(
      5 * 13 + 1,
    )

    // Sorting: by name (A→Z, then Z→A), by time (largest first).
    await page.click('#files-table th:nth-child(1) button')
    const byName = await visibleFiles(page)
    expect(byName).toEqual([...files].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)))
    await page.click('#files-table th:nth-child(1) button')
    expect(await visibleFiles(page)).toEqual([...byName].reverse())
    await page.click('#files-table th:nth-child(5) button')
    const times = await page.evaluate<number[]>(
      `[...document.querySelectorAll('#files-table tbody tr')].map((r) => Number(r.cells[4].dataset.v))`,
    )
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(
      await page.evaluate('document.querySelector("#files-table th:nth-child(5)").getAttribute("aria-sort")'),
    ).toBe('descending')

    // Filtering: by level, then by text; the count says what is shown.
    await page.select('select[data-filter="level"]', 'read-only')
    expect((await visibleFiles(page)).sort()).toEqual(['tests/flaky.test.ts', 'tests/reads.test.ts'])
    await page.type('input[data-filter="file"]', 'READS')
    expect(await visibleFiles(page)).toEqual(['tests/reads.test.ts'])
    expect(await page.evaluate('document.querySelector("#files-shown").textContent')).toBe('1')
    await shoot('2-sorted-and-filtered.png')
    await page.select('select[data-filter="level"]', '')
    await page.evaluate(
      `(() => { const i = document.querySelector('input[data-filter="file"]'); i.value = ''; i.dispatchEvent(new Event('input')) })()`,
    )
    await page.select('select[data-filter="status"]', 'failed')
    expect(await visibleFiles(page)).toEqual(['tests/failing.test.ts'])
    await page.select('select[data-filter="status"]', '')

    // Flaky test with evidence: which runs failed, passed, passed on retry.
    const flaky = await page.evaluate<{ name: string; strip: string; titles: string[] }>(
      `(() => { const row = document.querySelector('#flaky tbody tr'); const cells = [...row.querySelectorAll('.strip i')]; return { name: row.dataset.test, strip: cells.map((c) => c.dataset.state).join(' '), titles: cells.map((c) => c.title) } })()`,
    )
    expect(flaky.name).toBe('passes on retry')
    expect(flaky.strip).toBe(
      'passed passed passed failed passed passed passed failed retried passed passed passed retried',
    )
    expect(flaky.titles.at(-1)).toMatch(/^run 13 · .*: passed on retry \(failed → passed\)$/)

    // Slowdowns have their section (what a row shows is checked in test/unit/html-report.test.ts: whether this
    // run's 60 ms counts as slower depends on how loaded the machine is, which drift normalisation accounts for).
    expect(await page.evaluate('document.querySelector("#slowdowns h2").textContent')).toMatch(
      /^Slowdowns \(\d+\)$/,
    )

    // Charts drew visible marks; the HTML-named file stayed text.
    expect(await page.evaluate('document.body.dataset.chartsRendered')).toBe('2')
    expect(
      await page.evaluate('window.pwned === undefined && document.querySelectorAll("img, b").length === 0'),
    ).toBe(true)

    // Dark mode: the page follows prefers-color-scheme.
    const background = 'getComputedStyle(document.body).backgroundColor'
    expect(await page.evaluate(background)).toBe('rgb(255, 255, 255)')
    await page.colorScheme('dark')
    expect(await page.evaluate(background)).toBe('rgb(15, 17, 21)')
    expect(await page.evaluate('getComputedStyle(document.querySelector("#failed .error")).color')).toBe(
      'rgb(248, 113, 113)',
    )
    await shoot('3-dark.png')
  } finally {
    await page.close()
  }
  for (const file of shots) await annotate(`screenshot: ${file}`)
})
