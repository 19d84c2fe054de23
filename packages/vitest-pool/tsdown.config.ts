import { defineConfig } from 'tsdown'
import { baseConfig } from '../../tsdown.config.base.ts'

/** Three entries: the main-process pool and plugin, the module every worker process starts from, and the detached process that drops a finished run's databases. */
export default defineConfig({
  ...baseConfig,
  entry: ['src/index.ts', 'src/worker-entry.ts', 'src/cleanup-process.ts'],
})
