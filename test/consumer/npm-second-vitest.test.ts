import { join } from 'node:path'
import { expect } from 'vitest'
import { readCatalog } from './catalog'
import { describeLevelsApp, REUSE_ON } from './levels-app-suite'
import { npm } from './package-managers'
import { nestSecondVitest, POOL_PACKAGE, SECOND_VITEST, vitestSeenFrom } from './second-vitest'

// dbsafe's own `vitest` is another copy than the project's: the worker loads Vitest from the main
// process's dist, so every file must still pass on its own database.
describeLevelsApp(`npm, with a second Vitest (${SECOND_VITEST}) under @dbsafe/vitest-pool`, npm, {
  modes: [REUSE_ON],
  afterInstall: async (project) => {
    await nestSecondVitest(project)
    expect({
      project: vitestSeenFrom(project.dir).version,
      pool: vitestSeenFrom(join(project.dir, POOL_PACKAGE)),
    }).toEqual({
      project: readCatalog().vitest,
      pool: {
        path: join(project.dir, POOL_PACKAGE, 'node_modules', 'vitest', 'package.json'),
        version: SECOND_VITEST,
      },
    })
  },
})
