import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { historySnapshotFile, parseHistory } from '@dbsafe/core'
import { measuredConnections } from '../schedule/measured-connections'

/**
 * The connections each file held at once in its recent runs, from the history the run plans from (see
 * `measuredConnections`); empty when there is none or it cannot be read (the files count `connectionsPerFile`).
 */
export function historyConnections(root: string): Map<string, number> {
  try {
    return measuredConnections(
      parseHistory(JSON.parse(readFileSync(resolve(root, historySnapshotFile()), 'utf8'))),
    )
  } catch {
    return new Map()
  }
}
