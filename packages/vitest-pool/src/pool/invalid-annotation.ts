import { DbsafeError, decidingReason, type FileAnalysis } from '@dbsafe/core'

/**
 * The error of a file whose `// @db-level` annotation names no level (`sequentail`): such a file does not run
 * at the fallback level, it fails at once with this message naming the file, the value and the valid names.
 * Undefined for every other file.
 */
export function invalidAnnotationError(analysis: FileAnalysis): DbsafeError | undefined {
  if (analysis.invalidAnnotation === undefined) return undefined
  const line = decidingReason(analysis)?.line ?? 1
  return new DbsafeError('DBSAFE_CONFIG_INVALID', `${analysis.file}:${line}: ${analysis.error}.`, {
    hint: 'Correct the level name, or remove the annotation to let the analysis decide; dbsafe does not run the file until then.',
  })
}
