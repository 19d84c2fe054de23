import { inject } from 'vitest'
import type { Tarballs } from './pack-packages'

declare module 'vitest' {
  interface ProvidedContext {
    /** Package name → tarball, packed once per run by global-setup.ts. */
    dbsafeTarballs: Tarballs
  }
}

/** The tarballs of this test run. */
export function tarballs(): Tarballs {
  return inject('dbsafeTarballs')
}
