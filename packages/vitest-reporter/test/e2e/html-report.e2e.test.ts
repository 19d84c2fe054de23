import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { copySuite, runSuite } from './run-suite'

const CHROMIUM = '/usr/bin/chromium'

test('the HTML report is one self-contained file whose charts render in headless chromium', async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run scripts/ensure-chromium.sh (installs Debian's chromium) and rerun.`,
    )
  }
  const root = copySuite()
  await runSuite(root, { env: { DBSAFE_RUN_ID: 'r1' } })
  await runSuite(root, { env: { DBSAFE_RUN_ID: 'r2' } })
  const path = join(root, '.vitest/dbsafe/report.html')
  const html = readFileSync(path, 'utf8')
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/)
  const dom = execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--virtual-time-budget=2000',
      '--dump-dom',
      `file://${path}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 },
  )
  const total = /data-charts-total="(\d+)"/.exec(dom)?.[1]
  const rendered = /data-charts-rendered="(\d+)"/.exec(dom)?.[1]
  expect(total).toBe('4')
  expect(rendered).toBe('4')
  expect(dom).toContain('data-chart="suite-duration"')
  expect(dom).toContain('tests/flaky.test.ts › passes on retry')
})
