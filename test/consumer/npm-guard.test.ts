import { describeGuardApp } from './guard-app-suite'
import { npm } from './package-managers'

describeGuardApp('npm', npm)
