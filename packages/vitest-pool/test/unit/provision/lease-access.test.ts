import { describe, expect, it } from 'vitest'
import { leaseAccess } from '../../../src/provision/lease-access'

describe('leaseAccess', () => {
  it('gives sequential files cluster rights and every other level its database only', () => {
    expect(leaseAccess('sequential', undefined)).toEqual({ access: 'cluster' })
    expect(leaseAccess('schema-changes', undefined)).toEqual({ access: 'owner' })
    expect(leaseAccess('isolated-writes', undefined)).toEqual({ access: 'owner' })
    expect(leaseAccess(undefined, undefined)).toEqual({ access: 'owner' })
  })

  it('runs writers as the application role, never schema-changes nor sequential files', () => {
    expect(leaseAccess('isolated-writes', 'app')).toEqual({ access: 'owner', applicationRole: 'app' })
    expect(leaseAccess('shared-writes', 'app')).toEqual({ access: 'owner', applicationRole: 'app' })
    expect(leaseAccess('schema-changes', 'app')).toEqual({ access: 'owner' })
    expect(leaseAccess('sequential', 'app')).toEqual({ access: 'cluster' })
  })
})
