import { isAbsolute, relative, sep } from 'node:path'
import { toRootRelative } from '@dbsafe/core'

/**
 * A path relative to the project root with forward slashes, also for files outside it
 * (`../../test/utils/db.ts`, from a workspace package or a shared helper), so the manifest never holds
 * an absolute path.
 */
export function rootRelative(root: string, file: string): string {
  const inside = toRootRelative(root, file)
  return isAbsolute(inside) ? relative(root, file).split(sep).join('/') : inside
}
