import type { TestProject } from 'vitest/node'
import { startEmbeddedServer } from '../../packages/vitest-pool/src/server/embedded-server'
import type { TestServer } from './test-servers'

/**
 * Starts one embedded PostgreSQL for the whole test run and, when DBSAFE_TEST_ADMIN_URL is set,
 * adds that server too, so integration tests run against both.
 */
export default async function setup(project: TestProject) {
  const embedded = await startEmbeddedServer()
  const servers: TestServer[] = [{ name: 'embedded', adminUrl: embedded.adminUrl }]
  const external = process.env.DBSAFE_TEST_ADMIN_URL
  if (external) servers.push({ name: 'external', adminUrl: external })
  project.provide('dbsafeTestServers', servers)
  return () => embedded.stop()
}
