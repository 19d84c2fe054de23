import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { DbsafeReporter, type DbsafeReporterOptions, DbsafeSequencer } from '@dbsafe/vitest-reporter'
import { onTestFinished } from 'vitest'
import { type InlineConfig, type PoolRunnerInitializer, type Reporter, startVitest } from 'vitest/node'

const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url))
/** Inside the package so fixture files resolve `vitest` from its node_modules. */
const SCRATCH = fileURLToPath(new URL('../../.tmp', import.meta.url))

/** A fresh copy of a fixture project (default: `suite`; its history starts empty), removed when the test passes. */
export function copySuite(fixture = 'suite'): string {
  mkdirSync(SCRATCH, { recursive: true })
  const root = mkdtempSync(join(SCRATCH, `${fixture}-`))
  cpSync(join(FIXTURES, fixture), root, { recursive: true })
  onTestFinished(({ task }) => {
    if (task.result?.state === 'pass') rmSync(root, { recursive: true, force: true })
  })
  return root
}

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  return { stream, text: () => chunks.join('') }
}

/** Runs Vitest on `root` with the dbsafe reporter and sequencer; returns what it printed. */
export async function runSuite(
  root: string,
  options: {
    reporter?: DbsafeReporterOptions
    env?: Record<string, string>
    shard?: string
    blob?: boolean
    mergeReports?: boolean
    /** Name the reporter by package (`['@dbsafe/vitest-reporter', options]`), so Vitest loads its own copy. */
    byName?: boolean
    /** The project's pool. Default: Vitest's (`forks`). */
    pool?: PoolRunnerInitializer
  } = {},
): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
  const out = capture()
  const err = capture()
  const previousExitCode = process.exitCode
  const reporterOptions: DbsafeReporterOptions = {
    env: { DBSAFE_RUN_ID: 'local', ...options.env },
    ...options.reporter,
  }
  const reporters: Exclude<NonNullable<InlineConfig['reporters']>, string | Reporter> = [
    ...(options.blob ? (['blob'] as const) : []),
    options.byName
      ? ['@dbsafe/vitest-reporter', { ...reporterOptions }]
      : new DbsafeReporter(reporterOptions),
  ]
  const vitest = await startVitest(
    'test',
    [],
    {
      root,
      config: false,
      watch: false,
      include: ['tests/**/*.test.ts'],
      reporters,
      maxWorkers: 2,
      sequence: { sequencer: DbsafeSequencer },
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.pool ? { pool: options.pool } : {}),
      ...(options.mergeReports ? { mergeReports: join(root, '.vitest/blob') } : {}),
    },
    {},
    { stdout: out.stream, stderr: err.stream },
  )
  await vitest.close()
  const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode)
  process.exitCode = previousExitCode
  // CI=true turns colours on (picocolors); assertions read the text a person reads.
  return {
    stdout: stripVTControlCharacters(out.text()),
    stderr: stripVTControlCharacters(err.text()),
    exitCode,
  }
}
