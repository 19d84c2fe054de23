import { availableParallelism, totalmem } from 'node:os'
import type { Plugin } from 'vitest/config'
import { type DbsafeOptions, resolvePreset } from '../pool/dbsafe-options'
import { createDbsafePool } from '../pool/dbsafe-pool'
import { sessionFor } from '../pool/run-session'
import { presetLimits } from '../schedule/schedule-presets'
import { withLevelOrder } from './level-order-sequencer'
import { watchTemplateInputs } from './template-rerun-triggers'

/**
 * The dbsafe Vite plugin: `plugins: [dbsafe({ migrations: './migrations', seed: './seed.sql' })]`.
 * Installs the dbsafe pool in every project that uses the plugin, sizes `maxWorkers` from the preset unless the config sets it, reuses worker
 * processes between files (fresh modules for each; see `reuseWorkers`) unless the config sets `isolate`, and orders
 * files by level on top of the configured sequencer (see {@link withLevelOrder}). In watch mode an edited
 * migration, seed or `templateInputs` file reruns every test against a template of the new inputs.
 */
export function dbsafe(options: DbsafeOptions = {}): Plugin {
  const reuse = { freshModulesPerFile: false }
  const pool = createDbsafePool(options, reuse)
  return {
    name: 'dbsafe',
    config(config) {
      const test = (config as { test?: { maxWorkers?: unknown; isolate?: unknown } }).test
      const overrides: Record<string, unknown> = {}
      // Reuse worker processes (no fork and Vitest boot per file) with fresh modules for every file,
      // unless the config decides on isolation itself.
      if (options.reuseWorkers !== false && test?.isolate === undefined) {
        reuse.freshModulesPerFile = true
        overrides.isolate = false
      }
      if (test?.maxWorkers === undefined) {
        overrides.maxWorkers = presetLimits(resolvePreset(options), {
          cpus: availableParallelism(),
          totalMemoryBytes: totalmem(),
        }).maxWorkers
      }
      return { test: overrides } as Record<string, unknown>
    },
    configureVitest({ project, vitest }) {
      // The embedded server starts beside the config's remaining work and the analysis.
      sessionFor(vitest, pool, options).prestart(project.config.root)
      project.config.poolRunner = pool
      project.config.pool = pool.name
      vitest.config.sequence.sequencer = withLevelOrder(vitest.config.sequence.sequencer)
      watchTemplateInputs(vitest, options, project.config.root)
    },
  }
}
