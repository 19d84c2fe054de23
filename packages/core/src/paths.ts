/** Where dbsafe keeps its files, relative to the Vitest root (Vitest 5's artifact convention). */
export const DBSAFE_DIR = '.vitest/dbsafe'

/** Turns an absolute or relative path into a root-relative path with forward slashes. */
export function toRootRelative(root: string, file: string): string {
  const normalizedRoot = root.replace(/\\/g, '/').replace(/\/+$/, '')
  const normalizedFile = file.replace(/\\/g, '/')
  return normalizedFile.startsWith(`${normalizedRoot}/`)
    ? normalizedFile.slice(normalizedRoot.length + 1)
    : normalizedFile.replace(/^\.\//, '')
}
