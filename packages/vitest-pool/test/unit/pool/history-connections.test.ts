import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  emptyHistory,
  encodeHistory,
  HISTORY_SOURCE_KEY,
  type History,
  type HistorySource,
} from '@dbsafe/core'
import { afterAll, describe, expect, test } from 'vitest'
import { historyConnections } from '../../../src/pool/history-connections'

const root = mkdtempSync(join(tmpdir(), 'dbsafe-history-connections-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function historyHolding(file: string, maxConnectionsHeld: number): History {
  return {
    ...emptyHistory(),
    runs: [
      {
        runId: 'r',
        attempt: 1,
        merged: false,
        startedAt: '2026-01-01T00:00:00.000Z',
        wallMs: 1,
        reporterMs: 0,
        defaultBranch: true,
        ci: 'local',
        nodeVersion: 'v24',
        vitestVersion: '5.1.1',
        workers: 2,
        status: 'passed',
        files: [
          {
            project: '',
            file,
            state: 'passed',
            environmentMs: 0,
            prepareMs: 0,
            collectMs: 0,
            setupMs: 0,
            runMs: 1,
            tests: [],
            connections: { maxConnectionsHeld } as never,
          },
        ],
      },
    ],
  }
}

describe("the pool's measured connections", () => {
  test("plan from the reporter's history source when it publishes one (its history.file or store)", async () => {
    const source: HistorySource = {
      load: async () => ({ history: historyHolding('tests/a.test.ts', 7), hash: 'h', location: 'store' }),
    }
    const measured = await historyConnections({ [HISTORY_SOURCE_KEY]: source }, root)
    expect([...measured]).toEqual([['tests/a.test.ts', 7]])
  })

  test('without the reporter, from the default history file under the root; nothing readable is no measure', async () => {
    expect([...(await historyConnections({}, root))]).toEqual([])
    mkdirSync(join(root, '.vitest/dbsafe'), { recursive: true })
    writeFileSync(
      join(root, '.vitest/dbsafe/history.json'),
      JSON.stringify(encodeHistory(historyHolding('tests/b.test.ts', 3))),
    )
    expect([...(await historyConnections({}, root))]).toEqual([['tests/b.test.ts', 3]])
    const failing: HistorySource = { load: () => Promise.reject(new Error('store unreachable')) }
    expect([...(await historyConnections({ [HISTORY_SOURCE_KEY]: failing }, root))]).toEqual([])
  })
})
