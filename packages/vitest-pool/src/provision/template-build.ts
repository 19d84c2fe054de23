import type pg from 'pg'
import { parseTemplateMarker } from '../template/template-marker'

/**
 * The identity of the current build of `template`: its oid and the build time in its marker. A rebuild (same
 * name, `rebuildTemplate: true` or a half-built template built again) creates a new database, hence a new
 * identity; the fingerprint alone would not tell two builds of the same inputs apart. Undefined when the
 * template does not exist.
 */
export async function templateBuild(client: pg.ClientBase, template: string): Promise<string | undefined> {
  const { rows } = await client.query<{ oid: string; comment: string | null }>(
    `SELECT oid::text AS oid, shobj_description(oid, 'pg_database') AS comment
       FROM pg_database WHERE datname = $1 AND datistemplate`,
    [template],
  )
  const row = rows[0]
  if (!row) return undefined
  return `${row.oid}@${parseTemplateMarker(row.comment)?.builtAt ?? ''}`
}
