import { describe, expect, it } from 'vitest'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'

describe.each(testServers())('test server $name', ({ adminUrl }) => {
  it('accepts connections and runs queries', async () => {
    const version = await withAdminClient(adminUrl, async (client) => {
      const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num')
      return Number(rows[0]?.server_version_num)
    })
    expect(version).toBeGreaterThanOrEqual(150000)
  })
})

describe('embedded server', () => {
  it('is tuned for tests (fsync off)', async () => {
    const embedded = testServers().find((server) => server.name === 'embedded')!
    const fsync = await withAdminClient(
      embedded.adminUrl,
      async (client) => (await client.query('SHOW fsync')).rows[0].fsync,
    )
    expect(fsync).toBe('off')
  })
})
