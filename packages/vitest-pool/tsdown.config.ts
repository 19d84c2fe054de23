import { defineConfig } from 'tsdown'
import { baseConfig } from '../../tsdown.config.base.ts'

/** Three entries: the main-process pool and plugin, the setup file that runs inside test workers, and the detached process that drops a finished run's databases. */
export default defineConfig({
  ...baseConfig,
  entry: ['src/index.ts', 'src/setup.ts', 'src/cleanup-process.ts'],
})
