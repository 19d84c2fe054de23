import { markerMatchesName, namesRun, parseMarker, runNamePrefix } from './database-marker'

/**
 * What a login role of a run may do. `owner`: owns its one database (and, through the template's owner role,
 * every object in it); `cluster`: that, plus CREATEDB, CREATEROLE and `pg_signal_backend` (sequential files);
 * `reader`: SELECT on the shared read-only database, nothing else.
 */
export type RoleAccess = 'owner' | 'cluster' | 'reader'

/**
 * The comment (COMMENT ON ROLE) on a login role a run creates. Like a database's run marker, it lets a later
 * run recognise the role as dbsafe's and drop it once its run is dead; the name must carry the same run id.
 */
export interface RunRoleMarker {
  dbsafe: 'role'
  runId: string
  /** The run's advisory lock key (namespace `run`). */
  runKey: number
  /** The database the role was created for. */
  database: string
  access: RoleAccess
  createdAt: string
}

/**
 * The comment on a template's roles: its owner (owns every object the migrations and seed created) and its
 * readers' group (SELECT on them). Dropped once the template database is gone and nothing depends on them.
 */
export interface TemplateRoleMarker {
  dbsafe: 'role'
  template: string
  kind: 'owner' | 'reader'
}

/** The marker of a run's login role, as the JSON text of the comment. */
export function formatRunRoleMarker(
  run: { runId: string; runKey: number },
  database: string,
  access: RoleAccess,
): string {
  const marker: RunRoleMarker = {
    dbsafe: 'role',
    runId: run.runId,
    runKey: run.runKey,
    database,
    access,
    createdAt: new Date().toISOString(),
  }
  return JSON.stringify(marker)
}

/** The marker of a template's role, as the JSON text of the comment. */
export function formatTemplateRoleMarker(template: string, kind: TemplateRoleMarker['kind']): string {
  const marker: TemplateRoleMarker = { dbsafe: 'role', template, kind }
  return JSON.stringify(marker)
}

/** Parses a role comment; undefined unless it is a complete run role marker. */
export function parseRunRoleMarker(comment: string | null | undefined): RunRoleMarker | undefined {
  return parseMarker<RunRoleMarker>(
    comment,
    (value) => value.dbsafe === 'role' && namesRun(value) && typeof value.database === 'string',
  )
}

/** Parses a role comment; undefined unless it is a complete template role marker. */
export function parseTemplateRoleMarker(comment: string | null | undefined): TemplateRoleMarker | undefined {
  return parseMarker<TemplateRoleMarker>(
    comment,
    (value) =>
      value.dbsafe === 'role' &&
      typeof value.template === 'string' &&
      (value.kind === 'owner' || value.kind === 'reader'),
  )
}

/** A run's login role: `<prefix>_<runId>_u<n>`. */
export function runRoleName(databasePrefix: string, runId: string, sequence: number): string {
  return `${runNamePrefix(databasePrefix, runId)}u${sequence}`
}

/** The role that owns every object of a template (and of its clones): named like the template. */
export function templateOwnerRole(template: string): string {
  return template
}

/** The group role whose members may read a template's clones: `<template>_r`. */
export function templateReaderRole(template: string): string {
  return `${template}_r`
}

/** Whether `name` is the role of `marker`: a run role carries the run's prefix, a template role its template's name. */
export function roleMatchesName(
  databasePrefix: string,
  name: string,
  marker: RunRoleMarker | TemplateRoleMarker,
): boolean {
  if ('runId' in marker) return markerMatchesName(databasePrefix, name, marker)
  if (!marker.template.startsWith(`${databasePrefix}_tpl_`)) return false
  return name === (marker.kind === 'owner' ? templateOwnerRole : templateReaderRole)(marker.template)
}
