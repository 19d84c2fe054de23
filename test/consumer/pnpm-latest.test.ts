import { describeLevelsApp } from './levels-app-suite'
import { pnpmLatest } from './package-managers'

describeLevelsApp('the latest pnpm', pnpmLatest)
