import type { aroundAll, aroundEach, TestRunner } from 'vitest'

/**
 * The parts of Vitest's public API the worker runtime uses. The worker entry takes them from the very
 * Vitest copy that runs the worker (the main process's `distPath`), never by resolving `vitest` from
 * dbsafe's own folder: in a pnpm monorepo that can find a second copy, whose hooks would register in a
 * suite collector no test file uses ("Vitest failed to find the current suite").
 */
export interface VitestRuntime {
  aroundAll: typeof aroundAll
  aroundEach: typeof aroundEach
  TestRunner: typeof TestRunner
}

/** The file task of the test file being collected, for `meta`. */
export type FileTask = NonNullable<ReturnType<typeof TestRunner.getCurrentSuite>['file']>

/** The test file whose collection is under way, with the Vitest API to register its hooks. */
export interface CollectingFile {
  vitest: VitestRuntime
  /** The file, relative to the project root: for messages and `application_name`. */
  file: string
  /** Its task, whose `meta` reaches the reporters. */
  task: FileTask | undefined
}
