import { describeGuardApp } from './guard-app-suite'
import { pnpmPinned } from './package-managers'

describeGuardApp("the repository's pnpm (10)", pnpmPinned)
