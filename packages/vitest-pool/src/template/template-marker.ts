import type { CloneStrategy } from './clone-strategy'

/**
 * The JSON comment dbsafe writes on a template database. A template is complete only when the comment says
 * `complete` for the expected fingerprint AND `datistemplate` is true (both are set last).
 */
export interface TemplateMarker {
  dbsafe: 'template'
  state: 'building' | 'complete'
  fingerprint: string
  /** Hash of the project root and prefix: templates of older fingerprints of the same project are dropped. */
  lineage: string
  builtAt: string
  /** The role that owns every object in it (the migrations ran as it); absent when built as the admin role. */
  owner?: string
  buildMs?: number
  /** The clone strategy a run measured as fastest for this server and template. */
  cloneStrategy?: CloneStrategy
  /** Calibration medians in milliseconds per strategy. */
  cloneMs?: Partial<Record<CloneStrategy, number>>
}

/** Parses a database comment; undefined unless it is a template marker. */
export function parseTemplateMarker(comment: string | null | undefined): TemplateMarker | undefined {
  if (!comment) return undefined
  try {
    const value = JSON.parse(comment) as Partial<TemplateMarker>
    if (value.dbsafe !== 'template' || typeof value.fingerprint !== 'string') return undefined
    return value as TemplateMarker
  } catch {
    return undefined
  }
}
