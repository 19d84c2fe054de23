import { isAbsolute, relative } from 'node:path'

/**
 * Error codes of a file or folder the reporter cannot read or write: no permission (also a read-only mount),
 * a path through a regular file or a file where a folder should be, a full disk, a folder where a file should be.
 */
const FILE_SYSTEM_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EEXIST',
  'EISDIR',
  'ENOENT',
  'ENOSPC',
  'EDQUOT',
  'ELOOP',
  'ENAMETOOLONG',
  'EBUSY',
])

/**
 * `EACCES: open .vitest/dbsafe/history.json` for an error that says a file could not be read or written (the
 * path relative to `root` when inside it); undefined for any other error, which is a bug to surface.
 */
export function fileSystemProblem(error: unknown, root: string): string | undefined {
  const { code, syscall, path } = (error ?? {}) as NodeJS.ErrnoException
  if (typeof code !== 'string' || !FILE_SYSTEM_CODES.has(code)) return undefined
  if (!path) return code
  const shown = relative(root, path)
  const where = shown.startsWith('..') || isAbsolute(shown) ? path : shown
  return `${code}: ${syscall ?? 'access'} ${where}`
}
