import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  emptyLearnedLevels,
  LEARNED_LEVELS_FILE,
  type LearnedLevels,
  parseLearnedLevels,
} from './learned-levels'
import { DBSAFE_DIR } from './paths'

/** `<root>/.vitest/dbsafe/learned-levels.json`. */
export function learnedLevelsPath(root: string): string {
  return join(root, DBSAFE_DIR, LEARNED_LEVELS_FILE)
}

/**
 * The learned levels of a project; empty when the file is missing, unreadable or not a learned-levels document
 * (it is rebuilt from the history by the next run's reporter, so nothing is lost).
 */
export function readLearnedLevels(root: string): LearnedLevels {
  try {
    return (
      parseLearnedLevels(JSON.parse(readFileSync(learnedLevelsPath(root), 'utf8'))) ?? emptyLearnedLevels()
    )
  } catch {
    return emptyLearnedLevels()
  }
}

/** Writes the learned levels atomically (a temporary file renamed over the old one). Throws on I/O errors. */
export function writeLearnedLevels(root: string, learned: LearnedLevels): void {
  const path = learnedLevelsPath(root)
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(learned, null, 2)}\n`)
  renameSync(temporary, path)
}
