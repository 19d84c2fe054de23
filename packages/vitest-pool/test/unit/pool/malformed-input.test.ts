import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { analyzeProject } from '@dbsafe/analyzer'
import { type FileAnalysis, isDbsafeError } from '@dbsafe/core'
import { dbsafe, dbsafePool } from '@dbsafe/vitest-pool'
import { DbsafeReporter } from '@dbsafe/vitest-reporter'
import { beforeAll, describe, expect, test } from 'vitest'
import { invalidAnnotationError } from '../../../src/pool/invalid-annotation'

/** The DbsafeError a call throws (it must throw one). */
function thrown(call: () => unknown): Error & { code: string; hint?: string } {
  try {
    call()
  } catch (error) {
    if (isDbsafeError(error)) return error
    throw error
  }
  throw new Error('expected a DbsafeError')
}

/** The message without its hint: one line. */
function firstLine(error: Error): string {
  const [line, ...rest] = error.message.split('\n')
  // Anything after the first line is the hint, and only the hint.
  expect(rest.every((text) => text.startsWith('  How to fix: '))).toBe(true)
  return line ?? ''
}

const PASSWORD = 's3cr3t-pw'
const LEVELS =
  /[Tt]he levels are none, read-only, isolated-writes, shared-writes, schema-changes, sequential\.$/

/** Malformed options: each is DBSAFE_CONFIG_INVALID at once, with a one-line message naming the option. */
const OPTIONS: [string, () => unknown, RegExp][] = [
  [
    'misspelt option',
    () => dbsafe({ migrtions: './migrations' } as never),
    /^dbsafe has no option "migrtions"; did you mean "migrations"\?$/,
  ],
  [
    'misspelt option (pool)',
    () => dbsafePool({ connectionPerFile: 5 } as never),
    /^dbsafe has no option "connectionPerFile"; did you mean "connectionsPerFile"\?$/,
  ],
  [
    'unknown option, nothing close',
    () => dbsafe({ turbo: true } as never),
    /^dbsafe has no option "turbo"\.$/,
  ],
  [
    'number as a word',
    () => dbsafe({ connectionsPerFile: 'ten' } as never),
    /^dbsafe option connectionsPerFile is "ten"; expected a whole number of 1 or more\.$/,
  ],
  [
    'zero connections',
    () => dbsafe({ connectionsPerFile: 0 }),
    /^dbsafe option connectionsPerFile is 0; expected a whole number of 1 or more\.$/,
  ],
  [
    'fraction',
    () => dbsafe({ connectionsPerFile: 2.5 }),
    /^dbsafe option connectionsPerFile is 2\.5; expected a whole number of 1 or more\.$/,
  ],
  [
    'unknown leak policy',
    () => dbsafe({ leaks: 'explode' } as never),
    /^dbsafe option leaks is "explode"; expected one of 'fail', 'warn', 'off'\.$/,
  ],
  [
    'misspelt leak policy',
    () => dbsafe({ leaks: 'warm' } as never),
    /^dbsafe option leaks is "warm"; expected one of 'fail', 'warn', 'off'; did you mean "warn"\?$/,
  ],
  [
    'migrations a number',
    () => dbsafe({ migrations: 42 } as never),
    /^dbsafe option migrations is 42; expected a folder of \.sql files \(a path\) or a function \(url\) => Promise<void>\.$/,
  ],
  [
    'seed an empty path',
    () => dbsafe({ seed: '' }),
    /^dbsafe option seed is ""; expected a \.sql file \(a path\) or a function/,
  ],
  [
    'unknown level in levelConcurrency',
    () => dbsafe({ levelConcurrency: { 'schema-change': 1 } as never }),
    /^dbsafe option levelConcurrency has no key "schema-change"; expected one of 'read-only', 'isolated-writes', 'shared-writes', 'schema-changes'; did you mean "schema-changes"\?$/,
  ],
  [
    'uncapped level in levelConcurrency',
    () => dbsafe({ levelConcurrency: { sequential: 2 } as never }),
    /^dbsafe option levelConcurrency has no key "sequential"; expected one of 'read-only', 'isolated-writes', 'shared-writes', 'schema-changes'\.$/,
  ],
  [
    'negative cap',
    () => dbsafe({ levelConcurrency: { 'shared-writes': -1 } }),
    /^dbsafe option levelConcurrency\["shared-writes"\] is -1; expected a whole number of 1 or more\.$/,
  ],
  [
    'misspelt level in levels',
    () => dbsafe({ levels: { 'test/load/**': 'sequentail' } as never }),
    /^dbsafe option levels\["test\/load\/\*\*"\] is "sequentail"; expected one of 'none', .*'sequential'; did you mean "sequential"\?$/,
  ],
  [
    'levels as a string',
    () => dbsafe({ levels: 'sequential' } as never),
    /^dbsafe option levels is "sequential"; expected an object mapping globs to levels/,
  ],
  [
    'unknown fallback level',
    () => dbsafe({ fallbackLevel: 'serial' } as never),
    /^dbsafe option fallbackLevel is "serial"; expected one of 'none', .*'sequential'\.$/,
  ],
  [
    'unknown preset',
    () => dbsafe({ preset: 'fast' } as never),
    /^dbsafe option preset is "fast"; expected one of 'conservative', 'balanced', 'aggressive', 'adaptive'\.$/,
  ],
  [
    'sequentialServer of the design note',
    () => dbsafe({ sequentialServer: 'own' } as never),
    /^dbsafe option sequentialServer is "own"; expected one of 'auto', 'shared', 'embedded'\.$/,
  ],
  [
    'boolean as a string',
    () => dbsafe({ keepFailed: 'yes' } as never),
    /^dbsafe option keepFailed is "yes"; expected true or false\.$/,
  ],
  [
    'invalid variable name',
    () => dbsafe({ urlVariable: 'DATABASE-URL' }),
    /^dbsafe option urlVariable is "DATABASE-URL"; expected a variable name: letters, digits and _, not starting with a digit\.$/,
  ],
  [
    'url a number',
    () => dbsafe({ url: 5432 } as never),
    /^dbsafe option url is 5432; expected a PostgreSQL URL/,
  ],
  [
    'env value never printed',
    () => dbsafe({ env: { PGPASS: PASSWORD } } as never),
    /^dbsafe option env\.PGPASS is a string \(not shown: it may hold a password\); expected one of 'url', 'host', 'port', 'user', 'password', 'database' or a function \(connection\) => string\.$/,
  ],
  [
    'env invalid variable',
    () => dbsafe({ env: { '1HOST': 'host' } } as never),
    /^dbsafe option env has the key "1HOST"; keys must be a variable name: letters, digits and _, not starting with a digit\.$/,
  ],
  [
    'unknown clone strategy',
    () => dbsafe({ cloneStrategy: 'WAL_LOGG' } as never),
    /^dbsafe option cloneStrategy is "WAL_LOGG"; expected one of 'WAL_LOG', 'FILE_COPY', 'FILE_COPY_CLONE', 'auto'; did you mean "WAL_LOG"\?$/,
  ],
  [
    'misspelt embedded option',
    () => dbsafe({ embedded: { cachedir: '/tmp/x' } as never }),
    /^dbsafe option embedded has no key "cachedir"; expected one of 'cacheDir', 'slots', 'settings', 'onLog'; did you mean "cacheDir"\?$/,
  ],
  [
    'templateInputs item',
    () => dbsafe({ templateInputs: ['db/**', 3] as never }),
    /^dbsafe option templateInputs\[1\] is 3; expected a path\.$/,
  ],
  [
    'database prefix with capitals',
    () => dbsafe({ databasePrefix: 'MyApp' }),
    /^dbsafe option databasePrefix is "MyApp"; expected a lowercase letter, then up to 29 lowercase letters, digits or _\.$/,
  ],
  [
    'options not an object',
    () => dbsafe('./migrations' as never),
    /^dbsafe options must be an object, not "\.\/migrations"\.$/,
  ],
  [
    'reporter: misspelt group key',
    () => new DbsafeReporter({ history: { fle: 'h.json' } } as never),
    /^DbsafeReporter option history has no key "fle"; expected one of 'file', 'url', 'table', 'maxRuns', 'maxAgeDays'; did you mean "file"\?$/,
  ],
  [
    'reporter: share above 1',
    () => new DbsafeReporter({ flaky: { flagFlipRate: 15 } }),
    /^DbsafeReporter option flaky\.flagFlipRate is 15; expected a number from 0 to 1\.$/,
  ],
  [
    'reporter: misspelt option',
    () => new DbsafeReporter({ topcount: 3 } as never),
    /^DbsafeReporter has no option "topcount"; did you mean "topCount"\?$/,
  ],
  [
    'reporter: history URL never printed',
    () => new DbsafeReporter({ history: { url: 42 as never } }),
    /^DbsafeReporter option history\.url is 42; expected a PostgreSQL URL/,
  ],
  [
    'reporter: unsafe table name',
    () => new DbsafeReporter({ history: { table: 'x; drop table y' } }),
    /^DbsafeReporter option history\.table is "x; drop table y"; expected a plain SQL identifier/,
  ],
]

describe('malformed options', () => {
  test.each(OPTIONS)('%s', (_name, call, expected) => {
    const error = thrown(call)
    expect(error.code).toBe('DBSAFE_CONFIG_INVALID')
    expect(firstLine(error)).toMatch(expected)
    expect(error.hint).toBeTruthy()
    expect(error.message).not.toContain(PASSWORD)
  })

  test('valid options pass, also with undefined values and functions', () => {
    expect(() =>
      dbsafe({
        url: undefined,
        migrations: async () => {},
        seed: './seed.sql',
        levels: { 'test/load/**': 'sequential' },
        levelConcurrency: { 'schema-changes': 1 },
        connectionsPerFile: 5,
        leaks: 'warn',
        embedded: { settings: { work_mem: '16MB' } },
        sequentialServer: 'embedded',
      }),
    ).not.toThrow()
    const env = { POSTGRES_HOST: 'host', TEST_URL: (connection: { url: string }) => connection.url }
    expect(() => dbsafe({ env } as never)).not.toThrow()
    expect(() => new DbsafeReporter({ history: { maxRuns: 10 }, env: process.env })).not.toThrow()
  })
})

/** Misspelt or empty annotations: the file fails with its path, line, the value and the valid names. */
const ANNOTATIONS: [string, string, RegExp][] = [
  [
    'transposed letters',
    '// @db-level sequentail',
    /^test\/a0\.test\.ts:1: @db-level "sequentail" is not a level; did you mean "sequential"\? /,
  ],
  [
    'missing hyphen',
    '// @db-level readonly',
    /^test\/a1\.test\.ts:1: @db-level "readonly" is not a level; did you mean "read-only"\? /,
  ],
  [
    'wrong case',
    '// @db-level Shared-Writes',
    /^test\/a2\.test\.ts:1: @db-level "Shared-Writes" is not a level; did you mean "shared-writes"\? /,
  ],
  ['no level at all', '// @db-level', /^test\/a3\.test\.ts:1: @db-level names no level; /],
  [
    'a word that is no level',
    '/* @db-level serial */',
    /^test\/a4\.test\.ts:1: @db-level "serial" is not a level; the levels are /,
  ],
  [
    'on a later line',
    "import { test } from 'vitest'\n// @db-level isolated_writes",
    /^test\/a5\.test\.ts:2: @db-level "isolated_writes" is not a level; did you mean "isolated-writes"\? /,
  ],
]

describe('malformed annotations', () => {
  let analyses: Map<string, FileAnalysis>
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'dbsafe-annotations-'))
    mkdirSync(join(root, 'test'))
    const files = ANNOTATIONS.map(([, annotation], index) => {
      const file = `test/a${index}.test.ts`
      const imports = annotation.startsWith('import') ? '' : "\nimport { test } from 'vitest'"
      writeFileSync(join(root, file), `${annotation}${imports}\ntest('x', () => {})\n`)
      return file
    })
    const manifest = await analyzeProject({ root, files, cache: false })
    analyses = new Map(manifest.files.map((analysis) => [analysis.file, analysis]))
  })

  test.each(ANNOTATIONS.map((row, index) => [...row, index] as const))(
    '%s',
    (_name, annotation, expected, index) => {
      const analysis = analyses.get(`test/a${index}.test.ts`)
      expect(analysis?.invalidAnnotation).toBeDefined()
      const error = invalidAnnotationError(analysis as FileAnalysis)
      expect(error?.code).toBe('DBSAFE_CONFIG_INVALID')
      const line = firstLine(error as Error)
      expect(line).toMatch(expected)
      expect(line).toMatch(LEVELS)
      expect(annotation).toContain('@db-level')
    },
  )

  test('a valid annotation is no error', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dbsafe-annotations-'))
    writeFileSync(
      join(root, 'a.test.ts'),
      "// @db-level: sequential\nimport { test } from 'vitest'\ntest('x', () => {})\n",
    )
    const [analysis] = (await analyzeProject({ root, files: ['a.test.ts'], cache: false })).files
    expect(analysis).toMatchObject({ level: 'sequential', source: 'annotation' })
    expect(invalidAnnotationError(analysis as FileAnalysis)).toBeUndefined()
  })
})
