import { DbsafeError } from '@dbsafe/core'

/** Whether `error` says that `pkg` itself could not be found (not a module inside it, nor one it imports). */
function isPackageMissing(error: unknown, pkg: string): boolean {
  const { code, message } = error as NodeJS.ErrnoException
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    (message.includes(`'${pkg}'`) || message.includes(`"${pkg}"`))
  )
}

/**
 * Imports `pkg` for the command `name` (`importer` is `() => import(pkg)`, written out so bundlers and
 * type checkers see it). A package that is not installed is a {@link DbsafeError} saying which command
 * needs it and how to install it, instead of Node's `Cannot find package`.
 */
export async function loadFromPackage<T>(name: string, pkg: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer()
  } catch (cause) {
    if (!isPackageMissing(cause, pkg)) throw cause
    throw new DbsafeError('DBSAFE_PACKAGE_MISSING', `it needs ${pkg}, which is not installed here.`, {
      cause,
      hint: `Install it beside dbsafe in your project (\`npm install -D ${pkg}\`, \`pnpm add -D ${pkg}\`, …) and run \`npx dbsafe ${name}\` there.`,
    })
  }
}
