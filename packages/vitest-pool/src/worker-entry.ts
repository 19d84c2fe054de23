/**
 * The main module of dbsafe's worker processes (the pool forks it instead of Vitest's `workers/forks.js`).
 * It loads Vitest from the main process's own copy (`DBSAFE_VITEST_DIST`, the pool's `distPath`), installs
 * the per-file lifecycle (see {@link installFileLifecycle}), then starts Vitest's forks worker as usual.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { installFileLifecycle } from './worker/file-lifecycle'
import type { VitestRuntime } from './worker/vitest-runtime'

const dist = process.env.DBSAFE_VITEST_DIST
if (!dist)
  throw new Error('dbsafe: DBSAFE_VITEST_DIST is not set; this module is forked by the dbsafe pool only.')
delete process.env.DBSAFE_VITEST_DIST

const vitest = (await import(pathToFileURL(join(dist, 'index.js')).href)) as VitestRuntime
installFileLifecycle(vitest)
await import(pathToFileURL(join(dist, 'workers', 'forks.js')).href)
