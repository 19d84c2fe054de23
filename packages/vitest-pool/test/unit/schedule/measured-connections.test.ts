import type { History, HistoryFileRecord, HistoryRun } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { measuredConnections } from '../../../src/schedule/measured-connections'

function file(name: string, maxConnectionsHeld?: number): HistoryFileRecord {
  return {
    project: '',
    file: name,
    state: 'passed',
    environmentMs: 0,
    prepareMs: 0,
    collectMs: 0,
    setupMs: 0,
    runMs: 10,
    tests: [],
    ...(maxConnectionsHeld === undefined ? {} : { connections: { maxConnectionsHeld, queries: 3 } }),
  }
}

const run = (files: HistoryFileRecord[]) => ({ files }) as unknown as HistoryRun
const history = (runs: HistoryRun[]): History => ({ schemaVersion: 1, runs })

describe('measuredConnections', () => {
  test('takes the most a file held at once in its recent runs; files never measured are absent', () => {
    const measured = measuredConnections(
      history([
        run([file('a.test.ts', 2), file('b.test.ts')]),
        run([file('a.test.ts', 3), file('c.test.ts', 0)]),
      ]),
    )
    expect(Object.fromEntries(measured)).toEqual({ 'a.test.ts': 3, 'c.test.ts': 1 })
  })

  test('only the last five records of a file count', () => {
    const runs = [
      run([file('a.test.ts', 40)]),
      ...Array.from({ length: 5 }, () => run([file('a.test.ts', 2)])),
    ]
    expect(measuredConnections(history(runs)).get('a.test.ts')).toBe(2)
  })
})
