import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where scripts/toolchain.sh caches Node and pnpm: ${XDG_CACHE_HOME:-$HOME/.cache}/dbsafe/toolchain. */
export const TOOLCHAIN_CACHE = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'dbsafe',
  'toolchain',
)
