import { describe, expect, test } from 'vitest'
import { applicationName } from '../../../src/worker/application-name'

describe('applicationName', () => {
  test('names the file and the test', () => {
    expect(applicationName('test/orders.test.ts', 'refunds > partial')).toBe(
      'dbsafe test/orders.test.ts > refunds > partial',
    )
    expect(applicationName('test/orders.test.ts', undefined)).toBe('dbsafe test/orders.test.ts')
  })

  test('drops the folders first, then cuts to 63 bytes without splitting a character', () => {
    expect(
      applicationName('packages/shop/test/integration/checkout/orders.test.ts', 'refunds > partial'),
    ).toBe('dbsafe …/orders.test.ts > refunds > partial')
    const long = applicationName('test/orders.test.ts', 'é'.repeat(60))
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(63)
    expect(long).toMatch(/^dbsafe …\/orders\.test\.ts > é+…$/)
  })
})
