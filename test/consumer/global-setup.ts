import type { TestProject } from 'vitest/node'
import { packPackages, tarballsIn } from './pack-packages'
import { pnpmPinned } from './package-managers'
import { removeTempFolder, traversableTempFolder } from './temp-folder'

/**
 * Packs the five packages once per test run; every consumer test installs these tarballs.
 * DBSAFE_CONSUMER_TARBALLS=<folder> uses tarballs packed before instead (e.g. from an older commit).
 */
export default async function setup(project: TestProject) {
  const given = process.env.DBSAFE_CONSUMER_TARBALLS
  if (given) {
    project.provide('dbsafeTarballs', tarballsIn(given))
    console.log(`consumer: using the tarballs in ${given} (DBSAFE_CONSUMER_TARBALLS)`)
    return undefined
  }
  const started = Date.now()
  const folder = traversableTempFolder('dbsafe-tarballs-')
  const tarballs = await packPackages(await pnpmPinned(), folder)
  console.log(
    `consumer: packed ${Object.keys(tarballs).length} packages in ${Date.now() - started} ms into ${folder}`,
  )
  project.provide('dbsafeTarballs', tarballs)
  return () => removeTempFolder(folder)
}
