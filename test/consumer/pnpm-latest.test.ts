import { ALL_MODES, describeLevelsApp } from './levels-app-suite'
import { pnpmLatest } from './package-managers'

// The one install that runs every mode: reuse on and off, the user's own isolate true and false, one worker.
describeLevelsApp('the latest pnpm', pnpmLatest, { modes: ALL_MODES })
