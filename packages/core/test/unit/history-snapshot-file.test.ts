import { expect, test } from 'vitest'
import { DEFAULT_HISTORY_FILE, historySnapshotFile } from '../../src/index'

test('a run plans from DBSAFE_HISTORY_SNAPSHOT when set (every shard the same snapshot), else the history file', () => {
  expect(historySnapshotFile({})).toBe(DEFAULT_HISTORY_FILE)
  expect(DEFAULT_HISTORY_FILE).toBe('.vitest/dbsafe/history.json')
  expect(historySnapshotFile({ DBSAFE_HISTORY_SNAPSHOT: '/ci/history.json' })).toBe('/ci/history.json')
})
