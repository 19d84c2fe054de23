import { describe, expect, it } from 'vitest'
import { newRolePassword, scramVerifier } from '../../../src/provision/role-password'
import { withCredentials } from '../../../src/server/with-credentials'

describe('role credentials', () => {
  it('makes long random passwords', () => {
    const password = newRolePassword()
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(newRolePassword()).not.toBe(password)
  })

  it('stores a SCRAM-SHA-256 verifier, never the password', async () => {
    const salt = Buffer.alloc(16, 7)
    const verifier = await scramVerifier('secret', salt)
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/)
    expect(verifier).not.toContain('secret')
    expect(await scramVerifier('secret', salt)).toBe(verifier)
    expect(await scramVerifier('secret')).not.toBe(verifier)
  })

  it('puts a role and its password into a URL, dropping user and password parameters', () => {
    const url = withCredentials(
      'postgres://admin:pw@db:5432/app?user=x&password=y&sslmode=require',
      'dbsafe_u1',
      'p@ss/#',
    )
    const parsed = new URL(url)
    expect(parsed.username).toBe('dbsafe_u1')
    expect(decodeURIComponent(parsed.password)).toBe('p@ss/#')
    expect(parsed.searchParams.get('user')).toBeNull()
    expect(parsed.searchParams.get('password')).toBeNull()
    expect(parsed.searchParams.get('sslmode')).toBe('require')
    expect(parsed.pathname).toBe('/app')
  })
})
