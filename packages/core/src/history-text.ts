import { DbsafeError } from './errors'
import type { History } from './history'
import { parseHistory } from './history-codec'

/** Parses the text of a history file; invalid JSON is DBSAFE_HISTORY_CORRUPT like any other damage. */
export function parseHistoryText(text: string, path: string): History {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new DbsafeError(
      'DBSAFE_HISTORY_CORRUPT',
      `${path} is not valid JSON, so dbsafe cannot read its history.`,
      {
        cause,
        hint: `Move ${path} aside (dbsafe never overwrites it) to start a new history, or restore it from a backup.`,
      },
    )
  }
  return parseHistory(value, path)
}
