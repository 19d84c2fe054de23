import { describe, expect, test } from 'vitest'
import { failedTestsOf } from '../../src/failed-tests'
import { githubAnnotations, jobSummaryMarkdown } from '../../src/github-output'
import { summarize } from '../../src/run-summary'
import { failureOf } from '../../src/test-failures'
import { fileRecord, run, summaryInputs } from './helpers'

const ROOT = '/work/app'
const base = summaryInputs()

const assertion = {
  name: 'AssertionError',
  message: 'expected 2 to be 3 // Object.is equality\n\n- Expected\n+ Received',
  stack: [
    'AssertionError: expected 2 to be 3',
    '    at /work/app/node_modules/@vitest/expect/dist/index.js:10:3',
    '    at Proxy.<anonymous> (/work/app/node_modules/@vitest/expect/dist/index.js:20:5)',
    '    at /work/app/tests/orders.test.ts:14:21',
    '    at totalOf (file:///work/app/src/orders.ts:7:9)',
    '    at node:internal/process/task_queues:95:5',
  ].join('\n'),
}

describe('failed tests', () => {
  test('an error keeps its message, the project line that threw and the first project frames, root-relative', () => {
    expect(failureOf(assertion, ROOT, 'orders > totals')).toEqual({
      test: 'orders > totals',
      message: 'AssertionError: expected 2 to be 3 // Object.is equality\n\n- Expected\n+ Received',
      at: 'tests/orders.test.ts:14:21',
      stack: ['tests/orders.test.ts:14:21', 'totalOf (src/orders.ts:7:9)'],
    })
    // Vitest's parsed frames win over the text of the stack; colour codes go.
    const parsed = failureOf(
      {
        message: '\u001b[31mboom\u001b[39m',
        stacks: [{ method: 'load', file: '/work/app/tests/a.test.ts', line: 3, column: 1 }],
      },
      ROOT,
    )
    expect(parsed).toEqual({
      message: 'boom',
      at: 'tests/a.test.ts:3:1',
      stack: ['load (tests/a.test.ts:3:1)'],
    })
    expect(failureOf({ message: 'x'.repeat(5000) }, ROOT).message).toHaveLength(2000)
  })

  test('the list and the counts agree: a failed test without a recorded error is still listed', () => {
    const file = {
      ...fileRecord('tests/orders.test.ts', [
        { name: 'totals', state: 'failed' as const, durationMs: 3, retries: 0 },
        { name: 'legacy', state: 'failed' as const, durationMs: 3, retries: 0 },
        { name: 'lists', state: 'passed' as const, durationMs: 3, retries: 0 },
      ]),
      state: 'failed' as const,
      failures: [failureOf(assertion, ROOT, 'totals')],
    }
    const failed = failedTestsOf(run({ runId: 'r', files: [file] }))
    expect(failed.map((f) => f.test)).toEqual(['totals', 'legacy'])
    expect(failed[1]?.message).toMatch(/error not recorded/)
  })

  test('the job summary opens with the verdict and lists failed tests with file:line, level and the error; annotations point at the line', () => {
    const file = {
      ...fileRecord('tests/orders.test.ts', [
        { name: 'orders > <b>totals</b> | sums', state: 'failed' as const, durationMs: 3, retries: 0 },
      ]),
      state: 'failed' as const,
      level: 'isolated-writes' as const,
      isolation: 'transaction-rollback' as const,
      failures: [failureOf(assertion, ROOT, 'orders > <b>totals</b> | sums')],
    }
    const summary = summarize(run({ runId: 'r', status: 'failed', files: [file] }), base)
    expect(summary.status).toBe('failed')
    const markdown = jobSummaryMarkdown(summary)
    expect(markdown.startsWith('## ✗ dbsafe: failed: 1 failed test\n')).toBe(true)
    expect(markdown).toContain('### ✗ Failed tests (1)')
    expect(markdown).toContain(
      '| orders > &lt;b>totals&lt;/b> \\| sums | `tests/orders.test.ts:14:21` | isolated-writes / transaction-rollback | AssertionError: expected 2 to be 3 // Object.is equality |',
    )
    const lines = githubAnnotations(summary, 10)
    expect(lines[0]).toBe(
      '::error file=tests/orders.test.ts,line=14,col=21,title=failed%3A orders > <b>totals</b> | sums::AssertionError: expected 2 to be 3 // Object.is equality%0A%0A- Expected%0A+ Received%0A    at tests/orders.test.ts:14:21%0A    at totalOf (src/orders.ts:7:9)',
    )
    // With Vitest's github-actions reporter in the run, failures are annotated once, by it.
    expect(githubAnnotations(summary, 10, { failures: false })).toEqual([])
  })
})
