import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { historyFileKey } from '@dbsafe/core'
import {
  DbsafeSequencer,
  estimateFileCosts,
  logicalRuns,
  longestFirst,
  readHistoryFile,
} from '@dbsafe/vitest-reporter'
import { describe, expect, test } from 'vitest'
import { createVitest } from 'vitest/node'
import { copySuite, runSuite } from './run-suite'

describe('a normal run', () => {
  test('writes a versioned history with phases, levels, tests, retries and attempts', async () => {
    const root = copySuite()
    const { stdout } = await runSuite(root, {
      env: { DBSAFE_RUN_ID: 'run-1', DBSAFE_COMMIT: 'abc123', DBSAFE_BRANCH: 'main' },
    })
    const raw = JSON.parse(readFileSync(join(root, '.vitest/dbsafe/history.json'), 'utf8'))
    expect(raw).toMatchObject({ format: 'dbsafe-history', schemaVersion: 1 })
    const history = await readHistoryFile(join(root, '.vitest/dbsafe/history.json'))
    expect(history.runs).toHaveLength(1)
    const run = history.runs[0]
    expect(run).toMatchObject({
      runId: 'run-1',
      attempt: 1,
      commit: 'abc123',
      branch: 'main',
      defaultBranch: true,
      ci: 'local',
      merged: false,
    })
    expect(run?.files.map((f) => f.file).sort()).toEqual([
      'tests/db-cleanup.test.ts',
      'tests/flaky.test.ts',
      'tests/medium.test.ts',
      'tests/quick.test.ts',
      'tests/short.test.ts',
      'tests/slow.test.ts',
      'tests/tiny.test.ts',
    ])
    const slow = run?.files.find((f) => f.file === 'tests/slow.test.ts')
    expect(slow?.runMs).toBeGreaterThanOrEqual(150)
    expect(slow?.collectMs).toBeGreaterThan(0)
    expect(slow?.tests.find((t) => t.name === 'takes 160 ms')?.durationMs).toBeGreaterThanOrEqual(150)
    const flaky = run?.files.find((f) => f.file === 'tests/flaky.test.ts')?.tests[0]
    expect(flaky).toMatchObject({
      name: 'passes on retry',
      state: 'passed',
      retries: 1,
      attempts: ['failed', 'passed'],
    })
    const db = run?.files.find((f) => f.file === 'tests/db-cleanup.test.ts')
    expect(db).toMatchObject({
      level: 'shared-writes',
      isolation: 'reset-per-file',
      provisionMs: 42,
      waitMs: 7,
      connections: { queries: 12, maxConnectionsHeld: 2, leaks: 1, lateQueries: 0 },
    })

    expect(stdout).toContain('Slowest files')
    expect(stdout).toMatch(/tests\/slow\.test\.ts/)
    expect(stdout).toContain('shared-writes')
    expect(stdout).toMatch(
      /Flaky tests \(1, 1 new\)\n\s+certain\s+new tests\/flaky\.test\.ts › passes on retry/,
    )
    expect(stdout).toContain('tests/db-cleanup.test.ts is shared-writes only because of its cleanup hook')
    expect(stdout).toContain('12 queries, 31ms in queries')
    expect(stdout).toContain('leaves database work behind its tests')
    // Without the dbsafe pool, the summary has no pool line (and the reporter does not need the pool).
    expect(stdout).not.toContain('Pool:')
    expect(stdout).not.toContain('dbsafe pool closed')
  })

  test('a second run appends; the sequencer orders files longest first by the recorded costs', async () => {
    const root = copySuite()
    await runSuite(root, { env: { DBSAFE_RUN_ID: 'run-1' } })
    const recorded = logicalRuns(await readHistoryFile(join(root, '.vitest/dbsafe/history.json')))
    const keys = (recorded[0]?.files ?? []).map((f) => historyFileKey(f.project, f.file))
    const expected = longestFirst(estimateFileCosts(keys, recorded)).map((item) => item.key)
    const vitest = await createVitest('test', {
      root,
      config: false,
      watch: false,
      include: ['tests/**/*.test.ts'],
    })
    try {
      const specs = await vitest.globTestSpecifications()
      const sorted = await new DbsafeSequencer(vitest).sort(specs)
      expect(sorted.map((spec) => relative(root, spec.moduleId))).toEqual(expected)
    } finally {
      await vitest.close()
    }
    await runSuite(root, { env: { DBSAFE_RUN_ID: 'run-2' } })
    const history = await readHistoryFile(join(root, '.vitest/dbsafe/history.json'))
    expect(logicalRuns(history).map((r) => r.runId)).toEqual(['run-1', 'run-2'])
  })

  test('a corrupt history is reported and left untouched', async () => {
    const root = copySuite()
    await runSuite(root)
    const path = join(root, '.vitest/dbsafe/history.json')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(path, '{"format":"dbsafe-history","schemaVersion":99,"names":[],"runs":[]}')
    const { stderr, exitCode } = await runSuite(root).catch((error: Error) => ({
      stderr: error.message,
      exitCode: 1,
    }))
    expect(`${stderr}`).toMatch(/schemaVersion 99.*reads up to 1/)
    expect(exitCode).toBe(1)
    expect(readFileSync(path, 'utf8')).toContain('"schemaVersion":99')
    expect(readdirSync(join(root, '.vitest/dbsafe')).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
