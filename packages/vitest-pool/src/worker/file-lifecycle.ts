import { DbsafeError, toRootRelative } from '@dbsafe/core'
import { PROVIDE_KEY, type WorkerContextMap, type WorkerFileContext } from '../shared/worker-context'
import { isTestfileFinished } from '../shared/worker-messages'
import { type WorkerNotice, workerNotice } from '../shared/worker-notice'
import { applyFileEnv } from './file-env'
import { FileObserver } from './file-observer'
import { installWorkerRuntime } from './install-worker-runtime'
import { setCurrentInterceptor } from './pg-interceptor'
import { setCurrentTracker } from './pg-tracker'
import type { VitestRuntime } from './vitest-runtime'

interface RunRequest {
  __vitest_worker_request__: true
  type: 'run' | 'collect'
  context: { files: { filepath: string }[]; providedContext?: { [PROVIDE_KEY]?: WorkerContextMap } }
}

/** The file the worker process is running, from its `run` request to its `testfileFinished`. */
interface CurrentFile {
  filepath: string
  context: WorkerFileContext | undefined
  restoreEnv: () => void
  /** Whether its runtime was installed (the runner imported it through `importFile`). */
  installed: boolean
  /** What it does on its database (the runtime guard), once its runtime is installed. */
  observer: FileObserver | undefined
}

function isRunRequest(message: unknown): message is RunRequest {
  const request = message as Partial<RunRequest> | null
  return (
    typeof request === 'object' &&
    request !== null &&
    request.__vitest_worker_request__ === true &&
    (request.type === 'run' || request.type === 'collect')
  )
}

/**
 * Gives every test file of this worker process its dbsafe context, and takes it away again, by
 * construction rather than through a setup file (which Vite may load natively, and then only once per
 * process). Three hooks, installed before Vitest's worker starts:
 *
 * - a `message` listener registered before Vitest's own, so it runs first and synchronously for each
 *   `run`/`collect` request (the pool sends one file per request): the file's variables replace the
 *   process's no-database ones before Vitest even starts on the file (its setup files included);
 * - `importFile(file, 'collect')` of Vitest's `TestRunner`, through which every test file is imported:
 *   there the file's runtime is installed (meta, hooks, pg interception) — or, when the file arrived
 *   without its context, it fails with `DBSAFE_CONTEXT_MISSING` and is never imported;
 * - `process.send` of `testfileFinished`: the file's variables, interceptor and tracker are removed, and
 *   a database file whose runtime was never installed (a custom runner that bypasses `importFile`) is
 *   reported to the pool, which fails the run and does not hand its database on.
 */
export function installFileLifecycle(vitest: VitestRuntime): void {
  let current: CurrentFile | undefined
  const send = process.send?.bind(process)
  if (!send) throw new Error('dbsafe: the worker entry must run in a forked process')

  const finish = () => {
    if (!current) return
    const { filepath, context, installed, restoreEnv, observer } = current
    current = undefined
    restoreEnv()
    setCurrentInterceptor(undefined)
    setCurrentTracker(undefined)
    if (context && context.meta.level !== 'none' && !installed) {
      send(workerNotice({ kind: 'runtime-not-installed', filepath }) satisfies WorkerNotice)
    }
    if (observer) send(workerNotice({ kind: 'observation', filepath, observation: observer.snapshot() }))
  }

  process.on('message', (message: unknown) => {
    if (!isRunRequest(message)) return
    finish()
    const { files, providedContext } = message.context
    const filepath = files[0]?.filepath ?? ''
    // The pool sends one file per request; anything else gets no context, so its files fail closed.
    const context = files.length === 1 ? providedContext?.[PROVIDE_KEY]?.[filepath] : undefined
    const restoreEnv = context
      ? applyFileEnv(process.env, { set: context.env, unset: context.unsetEnv })
      : () => {}
    current = { filepath, context, restoreEnv, installed: false, observer: undefined }
  })

  process.send = ((message: unknown, ...rest: unknown[]) => {
    if (isTestfileFinished(message)) finish()
    return (send as (...args: unknown[]) => boolean)(message, ...rest)
  }) as typeof process.send

  const prototype = vitest.TestRunner.prototype
  const importFile = prototype.importFile
  prototype.importFile = async function (this: unknown, filepath: string, source: 'collect' | 'setup') {
    if (source === 'collect') {
      const file = current?.filepath === filepath ? current : undefined
      const task = vitest.TestRunner.getCurrentSuite()?.file
      if (!file?.context) {
        const root = (this as { config?: { root?: string } }).config?.root ?? process.cwd()
        throw new DbsafeError(
          'DBSAFE_CONTEXT_MISSING',
          `dbsafe: ${toRootRelative(root, filepath)} reached its worker without its dbsafe context (its level and database), so it is not run.`,
          {
            hint: 'run it through the dbsafe pool (the dbsafe() plugin or test.pool: dbsafePool()) with one file per worker request; if it already is, please report this as a dbsafe bug with NODE_DEBUG=dbsafe output.',
          },
        )
      }
      file.installed = true
      const relative = toRootRelative(file.context.root, filepath)
      file.observer = file.context.guard ? new FileObserver(file.context.root, relative) : undefined
      await installWorkerRuntime(file.context, { vitest, file: relative, task }, file.observer)
    }
    return importFile.call(this, filepath, source)
  } as typeof importFile
}
