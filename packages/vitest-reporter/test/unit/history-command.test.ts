import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeHistory } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { readHistoryFile, writeHistoryFile } from '../../src/file-history-store'
import { historyCommand } from '../../src/history-command'
import { reportCommand } from '../../src/report-command'
import { fileRecord, run } from './helpers'

function context(cwd: string) {
  const out: string[] = []
  const err: string[] = []
  return {
    ctx: { cwd, env: {}, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out,
    err,
  }
}

const file = (name: string) => fileRecord(name, [{ name: 't', state: 'passed', durationMs: 10, retries: 0 }])

describe('dbsafe history and dbsafe report', () => {
  test('merge folds the shard records into the history, twice gives the same result; show and report read it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dbsafe-history-'))
    const shards = join(cwd, '.vitest/dbsafe/shards')
    await writeHistoryFile(join(shards, 'ci-1-1-1-of-2.json'), {
      schemaVersion: 1,
      runs: [
        run({
          runId: 'ci-1',
          startedAt: new Date().toISOString(),
          shard: { index: 1, count: 2 },
          files: [file('a.test.ts')],
        }),
      ],
    })
    await writeHistoryFile(join(shards, 'ci-1-1-2-of-2.json'), {
      schemaVersion: 1,
      runs: [
        run({
          runId: 'ci-1',
          startedAt: new Date().toISOString(),
          shard: { index: 2, count: 2 },
          files: [file('b.test.ts')],
        }),
      ],
    })
    const first = context(cwd)
    expect(await historyCommand(['merge'], first.ctx)).toBe(0)
    expect(first.out.join('')).toContain('merged 2 files (2 run records)')
    const once = await readHistoryFile(join(cwd, '.vitest/dbsafe/history.json'))
    await historyCommand(['merge'], context(cwd).ctx)
    expect(await readHistoryFile(join(cwd, '.vitest/dbsafe/history.json'))).toEqual(once)

    const show = context(cwd)
    expect(await historyCommand(['show'], show.ctx)).toBe(0)
    expect(show.out.join('')).toMatch(/1 runs\n.*ci-1#1 {2}local {2}2 files 2 tests/)

    const report = context(cwd)
    expect(await reportCommand(['--markdown'], report.ctx)).toBe(0)
    expect(report.out.join('')).toContain('## ✓ dbsafe: passed\n\n2 files, 2 tests')

    const showJson = context(cwd)
    expect(await historyCommand(['show', '--json'], showJson.ctx)).toBe(0)
    expect(JSON.parse(showJson.out.join(''))).toMatchObject({
      runs: [{ runId: 'ci-1', attempt: 1, files: 2, tests: 2, complete: true }],
    })

    const reportJson = context(cwd)
    expect(await reportCommand(['--json'], reportJson.ctx)).toBe(0)
    expect(JSON.parse(reportJson.out.join(''))).toMatchObject({ tests: { passed: 2, failed: 0 } })
  })

  test('a corrupt history file is reported, not overwritten', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dbsafe-history-'))
    const path = join(cwd, 'h.json')
    writeFileSync(path, '{not json')
    await expect(historyCommand(['prune', '--file', 'h.json'], context(cwd).ctx)).rejects.toMatchObject({
      code: 'DBSAFE_HISTORY_CORRUPT',
    })
    expect(JSON.stringify(encodeHistory({ schemaVersion: 1, runs: [] }))).toContain('dbsafe-history')
  })

  test('bad flags are DBSAFE_CONFIG_INVALID', async () => {
    await expect(
      historyCommand(['prune', '--max-runs', 'zero'], context(tmpdir()).ctx),
    ).rejects.toMatchObject({ code: 'DBSAFE_CONFIG_INVALID' })
  })
})
