import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { copySuite, runSuite } from './run-suite'

test('in GitHub Actions: a job summary file and at most 10 annotations, the flaky test first', async () => {
  const root = copySuite()
  const summaryFile = join(root, 'step-summary.md')
  const { stdout } = await runSuite(root, {
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_RUN_ID: '42',
      GITHUB_SHA: 'f00d',
      GITHUB_REF_NAME: 'main',
    },
  })
  const markdown = readFileSync(summaryFile, 'utf8')
  expect(markdown).toMatch(/^## ✓ dbsafe: passed\n\n7 files, 13 tests/)
  expect(markdown).toContain('| certain (new) | tests/flaky.test.ts › passes on retry |')
  expect(markdown).toContain('### Time by level and isolation')
  expect(markdown).toContain('Connections: 12 queries')
  expect(Buffer.byteLength(markdown)).toBeLessThan(1024 * 1024)
  const annotations = stdout.split('\n').filter((line) => line.startsWith('::'))
  expect(annotations.length).toBeGreaterThan(0)
  expect(annotations.length).toBeLessThanOrEqual(10)
  expect(annotations[0]).toMatch(
    /^::warning file=tests\/flaky\.test\.ts,title=dbsafe%3A flaky test passes on retry::passed on retry/,
  )
})

test('in GitHub Actions: a failed test is listed in the job summary with file:line, level and error, and annotated at its line', async () => {
  const root = copySuite('report-suite')
  const summaryFile = join(root, 'step-summary.md')
  const { stdout } = await runSuite(root, {
    env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile, GITHUB_RUN_ID: '43' },
  })
  const markdown = readFileSync(summaryFile, 'utf8')
  expect(markdown).toMatch(/^## ✗ dbsafe: failed: 1 failed test\n\n5 files, 9 tests \(8 passed, 1 failed/)
  expect(markdown).toContain(
    '| orders > totals add up | `tests/failing.test.ts:8:25` | isolated-writes / transaction-rollback | AssertionError: expected 3 to be 4 // Object.is equality |',
  )
  const errors = stdout.split('\n').filter((line) => line.startsWith('::error'))
  expect(errors).toEqual([
    expect.stringMatching(
      /^::error file=tests\/failing\.test\.ts,line=8,col=25,title=failed%3A orders > totals add up::AssertionError: expected 3 to be 4/,
    ),
  ])
})
