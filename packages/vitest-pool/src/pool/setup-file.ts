import { fileURLToPath } from 'node:url'

/**
 * Absolute path of the worker-side setup file: `src/setup.ts` when running from sources,
 * `dist/setup.js` beside the bundled `dist/index.js` when built.
 */
export const SETUP_FILE: string = import.meta.url.endsWith('.ts')
  ? fileURLToPath(new URL('../setup.ts', import.meta.url))
  : fileURLToPath(new URL('./setup.js', import.meta.url))
