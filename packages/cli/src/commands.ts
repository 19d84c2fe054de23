import type { Command } from '@dbsafe/core'
import { loadFromPackage } from './load-from-package'

/** A subcommand: its one-line summary and how to load it (lazily, so `dbsafe history` never loads ts-morph). */
export interface CommandEntry {
  summary: string
  load: () => Promise<Command>
}

/**
 * Every `dbsafe` subcommand. Each package owns the implementation of its commands. `analyze` comes with
 * dbsafe; `history`, `report` and `bench` work on what the reporter records and the pool runs, so they use
 * the project's own `@dbsafe/vitest-reporter` and `@dbsafe/vitest-pool` (optional peers: `npx dbsafe
 * analyze` does not install an embedded PostgreSQL and Vitest).
 */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  analyze: {
    summary: 'classify test files into database dependency levels (table, --json, --explain)',
    load: async () => (await import('@dbsafe/analyzer')).analyzeCommand,
  },
  history: {
    summary: 'show, export, merge (shard records) and prune the timing history',
    load: async () =>
      (await loadFromPackage('history', '@dbsafe/vitest-reporter', () => import('@dbsafe/vitest-reporter')))
        .historyCommand,
  },
  report: {
    summary: 'summary and HTML report of the latest recorded run (flaky tests, slowdowns, time by level)',
    load: async () =>
      (await loadFromPackage('report', '@dbsafe/vitest-reporter', () => import('@dbsafe/vitest-reporter')))
        .reportCommand,
  },
  bench: {
    summary: 'run your suite under each scheduling preset and recommend the fastest that passes',
    load: async () =>
      (await loadFromPackage('bench', '@dbsafe/vitest-pool', () => import('@dbsafe/vitest-pool')))
        .benchCommand,
  },
}
