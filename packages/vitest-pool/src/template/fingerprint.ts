import { createHash } from 'node:crypto'
import { glob, readFile } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { DbsafeError } from '@dbsafe/core'
import { listMigrationFiles } from './migration-files'

/** Bump when the way templates are built changes: old templates are then rebuilt. */
const TEMPLATE_FORMAT = 3

/** A migration or seed step: a SQL file/folder path, or a function that receives the template's URL. */
export type TemplateStep = string | ((url: string) => Promise<void>)

/** What goes into a template fingerprint. */
export interface FingerprintInputs {
  root: string
  migrations?: TemplateStep
  seed?: TemplateStep
  /** Globs (relative to root) of further files the template depends on. */
  templateInputs?: readonly string[]
  /** `server_version_num`: a template never survives a server upgrade. */
  serverVersionNum: number
  /** Any other options that change the template's content. */
  extra?: Record<string, unknown>
}

/** The fingerprint and the files that went into it (root-relative). */
export interface Fingerprint {
  hash: string
  files: string[]
}

/**
 * Hashes every declared input: the migration files (a folder's `.sql` files), the seed file, the files matching
 * `templateInputs`, the server version and the relevant options. Function steps contribute their source text,
 * which catches inline edits but not the files they load: those must be listed in `templateInputs`.
 */
export async function computeFingerprint(inputs: FingerprintInputs): Promise<Fingerprint> {
  const files = new Set<string>()
  if (typeof inputs.migrations === 'string') {
    for (const file of await listMigrationFiles(resolve(inputs.root, inputs.migrations))) files.add(file)
  }
  if (typeof inputs.seed === 'string') files.add(resolve(inputs.root, inputs.seed))
  for (const pattern of inputs.templateInputs ?? []) {
    for await (const file of glob(pattern, { cwd: inputs.root })) {
      files.add(isAbsolute(file) ? file : resolve(inputs.root, file))
    }
  }
  const hash = createHash('sha256')
  hash.update(
    JSON.stringify({
      format: TEMPLATE_FORMAT,
      server: inputs.serverVersionNum,
      migrations: describeStep(inputs.migrations),
      seed: describeStep(inputs.seed),
      extra: inputs.extra ?? {},
    }),
  )
  const sorted = [...files].map((file) => relative(inputs.root, file).replace(/\\/g, '/')).sort()
  for (const file of sorted) {
    const content = await readFile(resolve(inputs.root, file)).catch((cause: unknown) => {
      if ((cause as NodeJS.ErrnoException).code === 'EISDIR') return Buffer.alloc(0)
      throw new DbsafeError('DBSAFE_CONFIG_INVALID', `The template input ${file} cannot be read.`, {
        cause,
        hint: 'Check the `migrations`, `seed` and `templateInputs` options.',
      })
    })
    hash.update(`\0${file}\0${content.length}\0`)
    hash.update(content)
  }
  return { hash: hash.digest('hex'), files: sorted }
}

function describeStep(step: TemplateStep | undefined): string | null {
  if (step === undefined) return null
  return typeof step === 'string' ? `file:${step}` : `function:${step.toString()}`
}
