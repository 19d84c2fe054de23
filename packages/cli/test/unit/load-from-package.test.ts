import { describe, expect, it } from 'vitest'
import { loadFromPackage } from '../../src/load-from-package'

describe('loadFromPackage', () => {
  it('loads an installed package', async () => {
    expect(await loadFromPackage('analyze', 'node:path', () => import('node:path'))).toHaveProperty('join')
  })

  it('a package that is not installed is DBSAFE_PACKAGE_MISSING, naming the command and how to install it', async () => {
    const pkg = '@dbsafe/not-installed-anywhere'
    await expect(loadFromPackage('report', pkg, () => import(pkg))).rejects.toMatchObject({
      code: 'DBSAFE_PACKAGE_MISSING',
      message: expect.stringMatching(
        /^it needs @dbsafe\/not-installed-anywhere, which is not installed here\.\n {2}How to fix: Install it beside dbsafe in your project \(`npm install -D @dbsafe\/not-installed-anywhere`/,
      ),
    })
  })

  it('any other failure of the import is left as it was', async () => {
    const broken = new Error('SyntaxError in the module')
    await expect(
      loadFromPackage('report', '@dbsafe/vitest-reporter', () => Promise.reject(broken)),
    ).rejects.toBe(broken)
  })
})
