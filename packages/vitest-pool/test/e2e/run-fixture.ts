import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type DbsafeFileMeta, FILE_META_KEY } from '@dbsafe/core'
import { type DbsafeOptions, dbsafe } from '@dbsafe/vitest-pool'
import { startVitest } from 'vitest/node'

/** The fixture project with one file per level. */
export const LEVELS_PROJECT = fileURLToPath(new URL('../fixtures/levels-project', import.meta.url))

/**
 * Workers load @dbsafe/core from source: in the shared checkout another build may be replacing its dist
 * while a nested run starts.
 */
export const CORE_SOURCE = fileURLToPath(new URL('../../../core/src/index.ts', import.meta.url))

/** What a fixture file wrote about itself (see fixtures/levels-project/tests/observe.ts). */
export interface Observation {
  name: string
  pid: number
  moduleEvaluations: number
  databaseUrlSet: boolean
  pgVariables: string[]
  pgHost: string | undefined
  database?: string
  startedAt: number
  endedAt: number
  facts: Record<string, unknown>
}

/** One fixture file's outcome as Vitest reported it. */
export interface FileOutcome {
  state: string
  meta: DbsafeFileMeta | undefined
  errors: string[]
}

/** Runs Vitest programmatically on the fixture with the dbsafe plugin and collects what each file saw. */
export async function runFixture(options: {
  dbsafe: DbsafeOptions
  /** The fixture project; default {@link LEVELS_PROJECT}. */
  root?: string
  env?: Record<string, string>
  files?: string[]
  maxWorkers?: number
  /** Vitest's `isolate`; unset, the plugin decides (worker reuse with fresh modules per file). */
  isolate?: boolean
  /** Extra CLI options (`shard`, …). */
  cli?: Record<string, unknown>
  /** Watch mode: after the first run, every file runs again (`rerunTestSpecifications`, as the `r` key does). */
  rerun?: boolean
  /** Replaces the default `{ plugins: [dbsafe(options.dbsafe)] }` (e.g. projects using `dbsafePool()`). */
  viteConfig?: Record<string, unknown>
}): Promise<{
  files: Map<string, FileOutcome>
  observations: Map<string, Observation>
  /** The run's unhandled errors, as `code: message`. */
  unhandledErrors: string[]
}> {
  const out = mkdtempSync(join(tmpdir(), 'dbsafe-e2e-'))
  const previous = { ...process.env }
  Object.assign(process.env, { DBSAFE_FIXTURE_OUT: out, ...options.env })
  try {
    const vitest = await startVitest(
      'test',
      options.files ?? [],
      {
        root: options.root ?? LEVELS_PROJECT,
        config: false,
        watch: options.rerun ?? false,
        reporters: [],
        maxWorkers: options.maxWorkers ?? 3,
        ...(options.isolate === undefined ? {} : { isolate: options.isolate }),
        include: ['tests/**/*.test.ts'],
        ...options.cli,
      },
      {
        resolve: { alias: { '@dbsafe/core': CORE_SOURCE } },
        ...(options.viteConfig ?? { plugins: [dbsafe(options.dbsafe)] }),
      },
    )
    if (options.rerun) {
      await vitest.rerunTestSpecifications(
        vitest.state.getTestModules().map((module) => module.toTestSpecification()),
        true,
      )
    }
    const files = new Map<string, FileOutcome>()
    for (const module of vitest.state.getTestModules()) {
      const name =
        (module.project.name ? `${module.project.name}:` : '') +
        module.moduleId.replace(/^.*\/tests\//, '').replace(/\.test\.ts$/, '')
      files.set(name, {
        state: module.state(),
        meta: (module.meta() as Record<string, unknown>)[FILE_META_KEY] as DbsafeFileMeta | undefined,
        errors: [
          ...module.errors(),
          ...[...module.children.allTests()].flatMap((t) => t.result().errors ?? []),
        ].map((e) => [(e as { code?: string }).code, e.message].filter(Boolean).join(': ')),
      })
    }
    const unhandledErrors = vitest.state
      .getUnhandledErrors()
      .map((e) => [(e as { code?: string }).code, (e as Error).message].filter(Boolean).join(': '))
    await vitest.close()
    const observations = new Map<string, Observation>()
    for (const entry of readdirSync(out)) {
      const observation = JSON.parse(readFileSync(join(out, entry), 'utf8')) as Observation
      observations.set(observation.name, observation)
    }
    return { files, observations, unhandledErrors }
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in previous)) delete process.env[key]
    Object.assign(process.env, previous)
  }
}

/** Whether two observed time intervals overlap. */
export function overlaps(a: Observation, b: Observation): boolean {
  return a.startedAt < b.endedAt && b.startedAt < a.endedAt
}
