import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import {
  emptyHistory,
  encodeHistory,
  HISTORY_SOURCE_KEY,
  historySourceOf,
  isDbsafeError,
  readPlanningHistory,
} from '../../src/index'

const dir = mkdtempSync(join(tmpdir(), 'dbsafe-planning-history-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const document = (runIds: string[]) =>
  JSON.stringify(
    encodeHistory({
      ...emptyHistory(),
      runs: runIds.map((runId) => ({
        runId,
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
        status: 'passed' as const,
        files: [],
      })),
    }),
  )

describe('readPlanningHistory', () => {
  test('parses a file once per version: the second read is the same object, a changed file is read again', () => {
    const path = join(dir, 'history.json')
    writeFileSync(path, document(['a']))
    const first = readPlanningHistory(path)
    expect(first?.history.runs.map((run) => run.runId)).toEqual(['a'])
    expect(first?.hash).toMatch(/^[0-9a-f]{12}$/)
    expect(first?.location).toBe(path)
    expect(readPlanningHistory(path)).toBe(first)

    writeFileSync(path, document(['a', 'b']))
    utimesSync(path, new Date(), new Date(Date.now() + 5_000))
    const second = readPlanningHistory(path)
    expect(second).not.toBe(first)
    expect(second?.history.runs.map((run) => run.runId)).toEqual(['a', 'b'])
    expect(second?.hash).not.toBe(first?.hash)
  })

  test('a missing file is no history; a damaged one is DBSAFE_HISTORY_CORRUPT every time it is asked for', () => {
    expect(readPlanningHistory(join(dir, 'missing.json'))).toBeUndefined()
    const path = join(dir, 'corrupt.json')
    writeFileSync(path, '{"format":')
    for (let i = 0; i < 2; i++) {
      const error = (() => {
        try {
          readPlanningHistory(path)
        } catch (caught) {
          return caught
        }
      })()
      expect(isDbsafeError(error, 'DBSAFE_HISTORY_CORRUPT')).toBe(true)
    }
  })

  test('a file that cannot be read is an error, not an empty history (the reporter must not write over it)', () => {
    expect(() => readPlanningHistory(dir)).toThrow(/EISDIR/)
  })

  test('the reporter publishes its history source on the Vitest instance; absent, there is none', () => {
    const source = { load: async () => undefined }
    expect(historySourceOf({})).toBeUndefined()
    expect(historySourceOf({ [HISTORY_SOURCE_KEY]: source })).toBe(source)
  })
})
