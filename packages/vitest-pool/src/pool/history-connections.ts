import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DBSAFE_DIR, parseHistory } from '@dbsafe/core'
import { measuredConnections } from '../schedule/measured-connections'

/** Where the dbsafe reporter keeps its history by default. */
const HISTORY_FILE = join(DBSAFE_DIR, 'history.json')

/**
 * The connections each file held at once in its recent runs, from the reporter's history in `root` (see
 * `measuredConnections`); empty when there is none or it cannot be read (the files count `connectionsPerFile`).
 */
export function historyConnections(root: string): Map<string, number> {
  try {
    return measuredConnections(parseHistory(JSON.parse(readFileSync(join(root, HISTORY_FILE), 'utf8'))))
  } catch {
    return new Map()
  }
}
