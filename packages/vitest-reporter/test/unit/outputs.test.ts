import pc from 'picocolors'
import { describe, expect, test } from 'vitest'
import type { FlakyFinding } from '../../src/flaky'
import { formatTerminalSummary } from '../../src/format-terminal'
import { githubAnnotations, jobSummaryMarkdown } from '../../src/github-output'
import type { IsolationProblem } from '../../src/isolation-problems'
import { summarize } from '../../src/run-summary'
import { checkShards } from '../../src/shard-check'
import { run } from './helpers'

const flaky = (i: number): FlakyFinding => ({
  key: `k${i}`,
  project: '',
  file: `tests/f${i}.test.ts`,
  name: `test, ${i}: 100%`,
  tier: 'certain',
  evidence: `passed on retry\nline two`,
  isNew: true,
  flipRate: 0,
  failures: 1,
  samples: 5,
  failureRate: { estimate: 0.2, low: 0.04, high: 0.6 },
})

const file = {
  project: '',
  file: 'tests/a.test.ts',
  state: 'passed' as const,
  environmentMs: 0,
  prepareMs: 0,
  collectMs: 5,
  setupMs: 0,
  runMs: 20,
  level: 'read-only' as const,
  isolation: 'read-only-clone' as const,
  tests: [{ name: 'reads', state: 'passed' as const, durationMs: 20, retries: 0 }],
}
const base = { historyRuns: 3, slowdowns: [], recommendations: [], topCount: 5, historyLocation: 'h.json' }

describe('outputs', () => {
  test('annotations: at most the limit, escaped, with a closing notice', () => {
    const summary = summarize(run({ runId: 'r', files: [file] }), {
      ...base,
      flaky: Array.from({ length: 14 }, (_, i) => flaky(i)),
    })
    const lines = githubAnnotations(summary, 10)
    expect(lines).toHaveLength(10)
    expect(lines[0]).toBe(
      '::warning file=tests/f0.test.ts,title=dbsafe%3A flaky test test%2C 0%3A 100%25::passed on retry%0Aline two',
    )
    expect(lines[9]).toBe('::notice title=dbsafe::5 more findings are in the job summary')
  })

  test('the job summary drops whole sections to stay under its byte limit, and says so', () => {
    const many = Array.from({ length: 2000 }, (_, i) => flaky(i))
    const summary = summarize(run({ runId: 'r', files: [file] }), { ...base, flaky: many })
    const small = jobSummaryMarkdown(summary, 20_000)
    expect(Buffer.byteLength(small)).toBeLessThan(20_000)
    expect(small).toContain('Left out to stay under')
    expect(small).toContain('flaky tests')
    expect(jobSummaryMarkdown(summary)).toContain('| certain (new) | tests/f1999.test.ts')
  })

  test('the terminal summary has no escape codes when colours are off', () => {
    const summary = summarize(run({ runId: 'r', files: [file] }), { ...base, flaky: [flaky(1)] })
    const text = formatTerminalSummary(summary, pc.createColors(false))
    expect(text.includes('\u001b[')).toBe(false)
    expect(text).toMatch(/read-only\s+read-only-clone\s+1 files/)
    expect(formatTerminalSummary(summary, pc.createColors(true)).includes('\u001b[')).toBe(true)
  })

  test('the shard check finds files that ran twice, missing shards and different plans', () => {
    const tag = (index: number, hash = 'h1') => ({
      index,
      count: 2,
      hash,
      files: 3,
      predictedMs: 10,
      runId: 'r',
      attempt: 1,
    })
    const ok = checkShards(
      new Map([
        ['a', [tag(1)]],
        ['b', [tag(2)]],
        ['c', [tag(2)]],
      ]),
      [],
    )
    expect(ok?.problems).toEqual([])
    const bad = checkShards(
      new Map([
        ['a', [tag(1), tag(1, 'h2')]],
        ['b', [tag(1)]],
      ]),
      [],
    )
    expect(bad?.problems).toEqual([
      'shards followed different plans (h1, h2): they read different history snapshots',
      'shard 2 of 2 missing from the merge',
      'a ran 2 times (shards 1, 1)',
    ])
  })

  test('files not isolated: their own section in the terminal, the first in the job summary, ::error annotations capped apart', () => {
    const problem = (i: number, severity: IsolationProblem['severity'] = 'error'): IsolationProblem => ({
      kind: severity === 'error' ? 'no-context' : 'unused-database',
      severity,
      project: '',
      file: `tests/p${i}.test.ts`,
      message: `problem, ${i}`,
    })
    const problems = [...Array.from({ length: 12 }, (_, i) => problem(i)), problem(99, 'warning')]
    const summary = summarize(run({ runId: 'r', files: [{ ...file, file: 'tests/p0.test.ts' }] }), {
      ...base,
      flaky: [flaky(1)],
      problems,
    })
    const text = formatTerminalSummary(summary, pc.createColors(false))
    expect(text).toContain('✗ 12 files not isolated: see "Not isolated" below')
    expect(text).toContain('Not isolated (12 errors, 1 warning)\n  ✗ tests/p0.test.ts\n      problem, 0\n')
    expect(text).toContain('  ! tests/p99.test.ts\n      problem, 99\n')
    expect(text).toContain('The run fails: dbsafe cannot vouch for the isolation of 12 files.')
    expect(text).toMatch(/read-only\s+NO DBSAFE CONTEXT\s+1 files/)

    const markdown = jobSummaryMarkdown(summary)
    expect(markdown.startsWith('## ✗ dbsafe: failed: 12 files not isolated\n')).toBe(true)
    expect(markdown).toContain('\n### ✗ 12 files not isolated — the run fails\n')
    expect(markdown).toContain('| ⚠ warning | tests/p99.test.ts | problem, 99 |')

    const lines = githubAnnotations(summary, 10)
    const errors = lines.filter((line) => line.startsWith('::error'))
    expect(errors).toHaveLength(9)
    expect(errors[0]).toBe('::error file=tests/p0.test.ts,title=dbsafe%3A not isolated::problem, 0')
    expect(lines[9]).toBe('::notice title=dbsafe::3 more findings are in the job summary')
    expect(lines[10]).toBe(
      '::warning file=tests/p99.test.ts,title=dbsafe%3A own database unused::problem, 99',
    )
  })
})
