import { describeLevelsApp } from './levels-app-suite'
import { pnpmPinned } from './package-managers'

describeLevelsApp("the repository's pnpm (10)", pnpmPinned)
