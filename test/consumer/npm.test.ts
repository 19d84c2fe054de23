import { describeLevelsApp } from './levels-app-suite'
import { npm } from './package-managers'

describeLevelsApp('npm', npm)
