import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Absolute path of the worker-side setup file: `src/setup.ts` when running from sources,
 * `dist/setup.js` beside the bundled `dist/index.js` when built.
 */
export const SETUP_FILE: string = import.meta.url.endsWith('.ts')
  ? fileURLToPath(new URL('../setup.ts', import.meta.url))
  : fileURLToPath(new URL('./setup.js', import.meta.url))

/** The folder of the setup file and its chunks, which the plugin asks Vitest to load natively. */
export const DIST_DIR: string = dirname(SETUP_FILE)
