import { describe, expect, test } from 'vitest'
import { UNRECOGNISED_CLIENT, unseenClients } from '../../../src/guard/file-guard'

describe('unseenClients', () => {
  test('clients not built on node-postgres are not seen by the worker', () => {
    expect(unseenClients({ clients: ['knex', 'pg'] }, 'isolated-writes')).toEqual([])
    expect(unseenClients({ clients: ['pg', 'postgres', '@prisma/client'] }, 'shared-writes')).toEqual([
      'postgres',
      '@prisma/client',
    ])
  })

  test('a database file whose analysis recognised no client may use any: its observation is not complete', () => {
    expect(unseenClients({ clients: [] }, 'read-only')).toEqual([UNRECOGNISED_CLIENT])
    expect(unseenClients({ clients: [] }, 'none')).toEqual([])
  })
})
