import { join } from 'node:path'
import { debuglog } from 'node:util'
import { createProvisioner, type RunProvisioner } from '../provision/create-provisioner'
import type { ProvisionerOptions } from '../provision/provisioner-options'
import { defaultEmbeddedCacheDir } from '../server/embedded-cache'

const debug = debuglog('dbsafe')

/** Where `sequential` files run (the `sequentialServer` option). */
export type SequentialServerMode = 'auto' | 'shared' | 'embedded'

/**
 * Whether sequential files run on an embedded server of their own: `embedded` always, `auto` when dbsafe owns the
 * main server (no `url`), `shared` never (the lane on the main server).
 */
export function usesOwnSequentialServer(mode: SequentialServerMode, url: string | undefined): boolean {
  return mode === 'embedded' || (mode === 'auto' && url === undefined)
}

/**
 * The provisioner options of the sequential files' server: the run's, on an embedded cluster of its own, cached
 * in a `sequential` folder of the embedded cache beside the main clusters (so its template, built by the same
 * code with the same fingerprint inputs, is reused by the next run). What its files used is reaped by the next run.
 * No warm clones: its files run one at a time, so a clone made when one asks costs only that clone, where two
 * warm clones made in advance cost its life about 0.15 s of CPU and 0.1 s more (bookshop's template).
 */
export function sequentialServerOptions(options: ProvisionerOptions): ProvisionerOptions {
  const { url: _url, ...rest } = options
  const cacheDir = join(options.embedded?.cacheDir ?? defaultEmbeddedCacheDir(), 'sequential')
  return { ...rest, embedded: { ...options.embedded, cacheDir }, warmDatabases: 0, dropAfterExit: false }
}

/**
 * The second embedded server of a run, where sequential files run one at a time beside every other file on the
 * main server: started once, on the first call of {@link start}; closed with the run.
 */
export class SequentialServer {
  #started: Promise<RunProvisioner | undefined> | undefined
  #closed = false

  /**
   * Starts the server and its template (once). Resolves to its provisioner, or undefined when it could not start
   * (`onFailed` is told why; sequential files then take the lane on the main server).
   */
  start(
    options: ProvisionerOptions,
    hooks: { onUp: () => void; onFailed: (error: unknown) => void },
  ): Promise<RunProvisioner | undefined> {
    if (this.#closed) return Promise.resolve(undefined)
    this.#started ??= (async () => {
      const started = performance.now()
      try {
        const provisioner = await createProvisioner(sequentialServerOptions(options))
        debug('sequential files server up in %d ms', Math.round(performance.now() - started))
        hooks.onUp()
        // Its template, beside the first files: the first sequential lease then finds it ready.
        void provisioner
          .ensureTemplate()
          .then(({ built }) =>
            debug(
              'sequential files server template %s at %d ms',
              built ? 'built' : 'reused',
              Math.round(performance.now() - started),
            ),
          )
          .catch(() => {})
        return provisioner
      } catch (error) {
        hooks.onFailed(error)
        return undefined
      }
    })()
    return this.#started
  }

  /** Its provisioner once asked to start: undefined when it was never started or could not start. */
  provisioner(): Promise<RunProvisioner | undefined> {
    return this.#started ?? Promise.resolve(undefined)
  }

  /** Drops its databases and stops it (within the provisioner's `closeTimeoutMs`); it is not started after. */
  async close(): Promise<void> {
    this.#closed = true
    const provisioner = await this.#started
    await provisioner?.close()
  }
}
