import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { copySuite, runSuite } from './run-suite'
import { standInDbsafePool } from './stand-in-dbsafe-pool'

const GITHUB = (summaryFile: string) => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_STEP_SUMMARY: summaryFile,
  GITHUB_RUN_ID: '7',
})

describe('files dbsafe cannot vouch for', () => {
  test('under the dbsafe pool: a file without context and one that queried elsewhere are errors, in the terminal, GitHub and the exit code', async () => {
    const root = copySuite('dbsafe-project')
    const summaryFile = join(root, 'step-summary.md')
    const { stdout, stderr, exitCode } = await runSuite(root, {
      pool: standInDbsafePool(),
      env: GITHUB(summaryFile),
    })
    // Every test passed: only the reporter fails the run.
    expect(stdout).toContain('3 tests (3 passed, 0 failed, 0 skipped)')
    expect(exitCode).toBe(1)
    expect(stdout).toContain('✗ 2 files not isolated: see "Not isolated" below')
    const section = stdout.slice(stdout.indexOf('Not isolated (2 errors, 0 warnings)'))
    expect(section).toContain(
      '✗ tests/elsewhere.test.ts\n      never used the database dbsafe gave it: its node-postgres clients ran 3 queries',
    )
    expect(section).toContain(
      "✗ tests/unprepared.test.ts\n      ran without dbsafe's context: no level, no database of its own",
    )
    expect(section).toContain('The run fails: dbsafe cannot vouch for the isolation of 2 files.')
    expect(section).not.toContain(' tests/prepared.test.ts')
    expect(stdout).toMatch(/shared-writes\s+NOT ISOLATED\s+1 files/)
    expect(stdout).toMatch(/unclassified\s+NO DBSAFE CONTEXT\s+1 files/)
    expect(stderr).toContain(
      'dbsafe: DBSAFE_NOT_ISOLATED: 2 test files were not isolated, so this run fails: tests/elsewhere.test.ts, tests/unprepared.test.ts.',
    )

    const markdown = readFileSync(summaryFile, 'utf8')
    expect(markdown).toMatch(/^## ✗ dbsafe: failed: 2 files not isolated\n/)
    expect(markdown).toContain('\n### ✗ 2 files not isolated — the run fails\n')
    expect(markdown).toContain("| ✗ error | tests/unprepared.test.ts | ran without dbsafe's context")
    const errors = stdout.split('\n').filter((line) => line.startsWith('::error'))
    expect(errors).toEqual([
      expect.stringMatching(
        /^::error file=tests\/elsewhere\.test\.ts,title=dbsafe%3A not isolated::never used the database/,
      ),
      expect.stringMatching(
        /^::error file=tests\/unprepared\.test\.ts,title=dbsafe%3A not isolated::ran without dbsafe's context/,
      ),
    ])
  })

  test('with `summary: false` the error line and the exit code remain', async () => {
    const root = copySuite('dbsafe-project')
    const { stdout, stderr, exitCode } = await runSuite(root, {
      pool: standInDbsafePool(),
      reporter: { summary: false, html: false },
    })
    expect(stdout).not.toContain('Not isolated')
    expect(stderr).toContain('DBSAFE_NOT_ISOLATED: 2 test files were not isolated')
    expect(exitCode).toBe(1)
  })

  test('without the dbsafe pool a file without context is not a problem; a routing finding still is', async () => {
    const root = copySuite('dbsafe-project')
    const { stdout, stderr, exitCode } = await runSuite(root)
    expect(stdout).toContain('Not isolated (1 error, 0 warnings)')
    expect(stdout).not.toContain('✗ tests/unprepared.test.ts')
    expect(stdout).toMatch(/unclassified\s+no dbsafe pool\s+1 files/)
    expect(stderr).toContain(
      'DBSAFE_NOT_ISOLATED: 1 test file was not isolated, so this run fails: tests/elsewhere.test.ts.',
    )
    expect(exitCode).toBe(1)
  })
})
