import { fileURLToPath } from 'node:url'

/**
 * Absolute path of the module the pool forks for every worker process: `dist/worker-entry.js` beside the
 * bundled `dist/index.js`; from the sources (the repository's own tests), the built one.
 */
export const WORKER_ENTRY: string = import.meta.url.endsWith('.ts')
  ? fileURLToPath(new URL('../../dist/worker-entry.js', import.meta.url))
  : fileURLToPath(new URL('./worker-entry.js', import.meta.url))
