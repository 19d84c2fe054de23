import { resolve } from 'node:path'
import type { Vitest } from 'vitest/node'
import type { DbsafeOptions } from '../pool/dbsafe-options'

/**
 * Globs (absolute, as Vitest's `forceRerunTriggers` match them) of the template's declared inputs: the migrations
 * (a file or a folder's contents), the seed file and `templateInputs`. Tests do not import them, so without these
 * a watch run would not rerun when one is edited.
 */
export function templateRerunTriggers(options: DbsafeOptions, root: string): string[] {
  const path = (file: string) => resolve(root, file).replace(/\\/g, '/')
  return [
    ...(typeof options.migrations === 'string'
      ? [path(options.migrations), `${path(options.migrations)}/**`]
      : []),
    ...(typeof options.seed === 'string' ? [path(options.seed)] : []),
    ...(options.templateInputs ?? []).map(path),
  ]
}

/** Adds the {@link templateRerunTriggers} of a project to Vitest's `forceRerunTriggers`, once. */
export function watchTemplateInputs(
  vitest: Pick<Vitest, 'config'>,
  options: DbsafeOptions,
  root: string,
): void {
  for (const trigger of templateRerunTriggers(options, root)) {
    if (!vitest.config.forceRerunTriggers.includes(trigger)) vitest.config.forceRerunTriggers.push(trigger)
  }
}
