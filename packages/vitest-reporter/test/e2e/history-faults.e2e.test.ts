import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readHistoryFile } from '@dbsafe/vitest-reporter'
import { expect, test } from 'vitest'
import { copySuite, runSuite } from './run-suite'

/** Lines that look like a stack trace: none may reach the user for a history problem. */
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m

// As root, chmod 555 does not stop writes; a path through a regular file fails for every user (ENOTDIR).
test("an unwritable history folder is a one-line warning, and the exit code stays the tests' own", async () => {
  const root = copySuite()
  writeFileSync(join(root, 'blocked'), 'a regular file: nothing can be created under it')
  const { stdout, stderr, exitCode } = await runSuite(root, {
    reporter: { history: { file: 'blocked/dbsafe/history.json' } },
  })
  const warnings = stderr.split('\n').filter((line) => line.includes('dbsafe:'))
  expect(warnings).toEqual([
    "dbsafe: this run could not be recorded in blocked/dbsafe/history.json (ENOTDIR: mkdir blocked/dbsafe); the exit code is the tests' own. Make that folder writable, or set history.file to a writable path.",
  ])
  expect(stderr).not.toMatch(STACK_LINE)
  expect(exitCode ?? 0).toBe(0)
  // The rest of the report still comes out.
  expect(stdout).toContain('Slowest files')
  expect(existsSync(join(root, '.vitest/dbsafe/report.html'))).toBe(true)
})

test('a corrupt history is moved aside whole with a warning, and a new one is written in its place', async () => {
  const root = copySuite()
  const dir = join(root, '.vitest/dbsafe')
  const corrupt = '{"format":"dbsafe-history","schemaVersion":1,"names":[],"runs":['
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'history.json'), corrupt)
  const { stderr, exitCode } = await runSuite(root, { env: { DBSAFE_RUN_ID: 'after-corruption' } })
  expect(stderr).toMatch(
    /^dbsafe: \S+\/history\.json is not valid JSON, so dbsafe cannot read its history\. Files are ordered by size this run; /m,
  )
  expect(stderr).toMatch(
    /^dbsafe: \S+\/history\.json is not valid JSON, so dbsafe cannot read its history\. It was moved to \.vitest\/dbsafe\/history\.json\.corrupt-\S+ \(not overwritten\) and a new history starts with this run; /m,
  )
  expect(stderr).not.toMatch(STACK_LINE)
  expect(exitCode ?? 0).toBe(0)
  const aside = readdirSync(dir).filter((name) => name.startsWith('history.json.corrupt-'))
  expect(aside).toHaveLength(1)
  expect(readFileSync(join(dir, aside[0] ?? ''), 'utf8')).toBe(corrupt)
  const history = await readHistoryFile(join(dir, 'history.json'))
  expect(history.runs.map((run) => run.runId)).toEqual(['after-corruption'])
  expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
})
