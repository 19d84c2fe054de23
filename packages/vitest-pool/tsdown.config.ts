import { defineConfig } from 'tsdown'
import { baseConfig } from '../../tsdown.config.base.ts'

/** Two entries: the main-process pool and plugin, and the setup file that runs inside test workers. */
export default defineConfig({ ...baseConfig, entry: ['src/index.ts', 'src/setup.ts'] })
