import { describeLevelsApp } from './levels-app-suite'
import { bun } from './package-managers'
import { slowVariantSkipReason } from './slow-variants'

// bun installs; Vitest runs on Node (its bin's shebang), as with the other package managers.
describeLevelsApp('the latest bun', bun, { skip: slowVariantSkipReason() })
