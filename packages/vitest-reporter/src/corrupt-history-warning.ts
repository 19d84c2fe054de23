import { isAbsolute, relative } from 'node:path'

/**
 * One line for a history file that was corrupt and has been moved aside: what was wrong (the error's first
 * line), where the file went, and what to do.
 */
export function corruptHistoryWarning(error: Error, movedTo: string, root: string): string {
  const problem = error.message.split('\n')[0]?.trim() ?? 'the history file is corrupt.'
  const shown = relative(root, movedTo)
  const where = shown.startsWith('..') || isAbsolute(shown) ? movedTo : shown
  return `dbsafe: ${problem} It was moved to ${where} (not overwritten) and a new history starts with this run; restore it from a backup to keep its runs, or delete it.`
}
