import { describe, expect, test } from 'vitest'
import { PACKAGE_NAMES } from './pack-packages'
import { openTarball, tarballProblems } from './tarball-checks'
import { tarballs } from './tarballs'

describe('the packed packages, as the npm registry would show them', () => {
  test.each(Object.values(PACKAGE_NAMES))(
    '%s: LICENSE, README, metadata, shipped targets, resolvable maps',
    (name) => {
      const tarball = tarballs()[name]
      expect(tarball, `no tarball for ${name}`).toBeDefined()
      expect(tarballProblems(openTarball(tarball as string))).toEqual([])
    },
  )

  test('`npx dbsafe` finds the command line: the package is named as its command', () => {
    const manifest = JSON.parse(openTarball(tarballs()[PACKAGE_NAMES.cli] as string).read('package.json'))
    expect({ name: manifest.name, bin: Object.keys(manifest.bin) }).toEqual({
      name: 'dbsafe',
      bin: ['dbsafe'],
    })
  })
})
