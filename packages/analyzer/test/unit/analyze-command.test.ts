import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type CommandContext, isDbsafeError, parseAnalysisManifest } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { analyzeCommand } from '../../src/index'

const examples = fileURLToPath(new URL('../fixtures/public-examples', import.meta.url))
const broken = fileURLToPath(new URL('../fixtures/broken', import.meta.url))

function io(cwd: string) {
  let out = ''
  let err = ''
  const context: CommandContext = {
    cwd,
    env: { NO_COLOR: '1' },
    stdout: (text) => {
      out += text
    },
    stderr: (text) => {
      err += text
    },
  }
  return { context, out: () => out, err: () => err }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: Error) => error,
  )
}

describe('dbsafe analyze', () => {
  test('prints a table grouped by level with the deciding reason per file', async () => {
    const run = io(examples)
    expect(await analyzeCommand(['--no-cache'], run.context)).toBe(0)
    expect(run.out()).toMatch(/^sequential \(2\)\n {2}test\/regional-store\.test\.ts +CREATE DATABASE/m)
    expect(run.out()).toContain('test/order-history.test.ts')
    expect(run.out()).toContain(
      'TRUNCATE orders, order_lines RESTART IDENTITY CASCADE (committed in afterEach)',
    )
    expect(run.out()).toContain(
      '18 files: 2 none, 3 read-only, 3 isolated-writes, 4 shared-writes, 4 schema-changes, 2 sequential',
    )
  })

  test('--json prints a manifest that core can parse', async () => {
    const run = io(examples)
    expect(await analyzeCommand(['test/book-*.test.ts', '--json', '--no-cache'], run.context)).toBe(0)
    const manifest = parseAnalysisManifest(JSON.parse(run.out()))
    expect(manifest.files.map((file) => [file.file, file.level])).toEqual([
      ['test/book-search.test.ts', 'read-only'],
      ['test/book-tags.test.ts', 'schema-changes'],
    ])
  })

  test('--explain shows every piece of evidence and the import chain', async () => {
    const run = io(examples)
    expect(await analyzeCommand(['--explain', 'test/order-history.test.ts', '--no-cache'], run.context)).toBe(
      0,
    )
    expect(run.out()).toContain('test/order-history.test.ts: shared-writes (decided by analysis)')
    expect(run.out()).toContain('clients reached: pg')
    expect(run.out()).toContain('imported through test/order-history.test.ts → test/support/database.ts')
  })

  test('a file that does not parse is reported and the others are still analysed', async () => {
    const run = io(broken)
    expect(await analyzeCommand(['--no-cache'], run.context)).toBe(1)
    expect(run.out()).toMatch(/read-only \(1\)\n {2}test\/ok\.test\.ts/)
    expect(run.err()).toMatch(
      /test\/broken\.test\.ts could not be analysed: the file does not parse: 5:2 ',' expected; it gets shared-writes/,
    )
  })

  test('a glob that matches nothing is an error that says how to fix it', async () => {
    const error = await rejection(analyzeCommand(['tests/nothing/**/*.test.ts'], io(examples).context))
    expect(isDbsafeError(error, 'DBSAFE_CONFIG_INVALID')).toBe(true)
    expect(error.message).toContain('"tests/nothing/**/*.test.ts" matches no file')
  })

  test('--explain of a file that does not exist is an error', async () => {
    const error = await rejection(analyzeCommand(['--explain', 'test/missing.test.ts'], io(examples).context))
    expect(error.message).toContain('--explain test/missing.test.ts: no such file')
  })

  test('an unknown option is an error', async () => {
    const error = await rejection(analyzeCommand(['--fast'], io(examples).context))
    expect(isDbsafeError(error, 'DBSAFE_CONFIG_INVALID')).toBe(true)
    expect(error.message).toContain("Unknown option '--fast'")
  })

  test('an invalid dbsafe.config.json is an error naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbsafe-config-'))
    writeFileSync(join(dir, 'dbsafe.config.json'), JSON.stringify({ levels: { 'test/**': 'serial' } }))
    const error = await rejection(analyzeCommand([], io(dir).context))
    expect(error.message).toContain('"levels" maps "test/**" to "serial", which is not a level')
  })

  test('a misspelt annotation is an error on stderr naming the file, the value and the valid names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbsafe-annotation-'))
    writeFileSync(
      join(dir, 'a.test.ts'),
      "// @db-level sequentail\nimport { test } from 'vitest'\ntest('x', () => {})\n",
    )
    const run = io(dir)
    expect(await analyzeCommand(['--no-cache'], run.context)).toBe(1)
    expect(run.err()).toBe(
      'dbsafe analyze: a.test.ts:1: @db-level "sequentail" is not a level; did you mean "sequential"? The levels are none, read-only, isolated-writes, shared-writes, schema-changes, sequential. Under Vitest this file fails until the annotation is fixed.\n',
    )
    expect(run.out()).toMatch(
      /a\.test\.ts +\[fallback\] \[uncertain\] \[error\] @db-level "sequentail" is not a level/,
    )
  })

  test('config globs override analysis but not an annotation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbsafe-config-'))
    writeFileSync(join(dir, 'a.test.ts'), "import { test } from 'vitest'\ntest('x', () => {})\n")
    writeFileSync(
      join(dir, 'b.test.ts'),
      "// @db-level read-only\nimport { test } from 'vitest'\ntest('x', () => {})\n",
    )
    writeFileSync(join(dir, 'dbsafe.config.json'), JSON.stringify({ levels: { '*.test.ts': 'sequential' } }))
    const run = io(dir)
    expect(await analyzeCommand(['--json'], run.context)).toBe(0)
    const manifest = parseAnalysisManifest(JSON.parse(run.out()))
    expect(manifest.files.map((file) => [file.file, file.level, file.source])).toEqual([
      ['a.test.ts', 'sequential', 'config'],
      ['b.test.ts', 'read-only', 'annotation'],
    ])
  })
})
