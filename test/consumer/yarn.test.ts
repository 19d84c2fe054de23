import { viteRange } from './catalog'
import { describeLevelsApp } from './levels-app-suite'
import { yarnBerry, yarnClassic } from './package-managers'
import { slowVariantSkipReason } from './slow-variants'

// Yarn installs no peer dependencies: its users list Vite next to Vitest.
const options = { devDependencies: { vite: viteRange() }, skip: slowVariantSkipReason() }

describeLevelsApp('yarn 1 (classic)', yarnClassic, options)
describeLevelsApp('the latest Yarn (Berry), nodeLinker: node-modules', yarnBerry, options)
