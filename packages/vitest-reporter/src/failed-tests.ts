import type { HistoryFailure, HistoryRun } from '@dbsafe/core'

/** A failed test (or a file that failed on its own) and why, as the outputs list it. */
export interface FailedTest extends HistoryFailure {
  project: string
  file: string
}

/**
 * Every failure of a run, file by file: the recorded errors, and a bare entry for a failed test or file whose
 * error was not recorded (a history written before errors were kept), so the list and the counts agree.
 */
export function failedTestsOf(run: HistoryRun): FailedTest[] {
  const out: FailedTest[] = []
  for (const file of run.files) {
    const where = { project: file.project, file: file.file }
    const recorded = file.failures ?? []
    out.push(...recorded.map((failure) => ({ ...where, ...failure })))
    const named = new Set(recorded.map((failure) => failure.test))
    for (const test of file.tests)
      if (test.state === 'failed' && !named.has(test.name))
        out.push({
          ...where,
          test: test.name,
          message: 'error not recorded (the history keeps the first 10 per file)',
        })
    if (file.state === 'failed' && !file.tests.some((test) => test.state === 'failed') && !recorded.length)
      out.push({ ...where, message: 'the file failed without a failed test (an import or a hook threw)' })
  }
  return out
}
