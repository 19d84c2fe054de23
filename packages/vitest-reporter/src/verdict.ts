import type { RunSummary } from './run-summary'

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`

/** The verdict every output opens with: a mark, a word and what decided it. */
export interface Verdict {
  mark: '✓' | '✗' | '!'
  word: RunSummary['status']
  /** What made the run fail (`2 failed tests`, `1 file not isolated`); empty when it passed. */
  reasons: string[]
  /** `✗ failed: 2 failed tests, 1 file not isolated` */
  line: string
}

/** Why a run failed, in the words of its summary. */
export function verdictOf(summary: RunSummary): Verdict {
  const reasons: string[] = []
  const tests = summary.failedTests.filter((failure) => failure.test !== undefined).length
  const files = summary.failedTests.length - tests
  const notIsolated = summary.problems.filter((problem) => problem.severity === 'error').length
  if (tests) reasons.push(plural(tests, 'failed test'))
  if (files) reasons.push(`${plural(files, 'file')} failed on ${files === 1 ? 'its' : 'their'} own`)
  if (notIsolated) reasons.push(`${plural(notIsolated, 'file')} not isolated`)
  const word = summary.status
  const mark = word === 'passed' ? '✓' : word === 'failed' ? '✗' : '!'
  return { mark, word, reasons, line: `${mark} ${word}${reasons.length ? `: ${reasons.join(', ')}` : ''}` }
}
