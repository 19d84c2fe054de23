import { describe, expect, test } from 'vitest'
import { shippingCost, shippingZone } from '../src/shipping'

describe('shipping', () => {
  test('puts countries into zones', () => {
    expect(shippingZone('GB')).toBe('domestic')
    expect(shippingZone('FI')).toBe('europe')
    expect(shippingZone('US')).toBe('world')
  })

  test('charges the first book and each extra book', () => {
    expect(shippingCost('GB', 1, 999)).toBe(299)
    expect(shippingCost('GB', 3, 2400)).toBe(497)
    expect(shippingCost('FR', 2, 5000)).toBe(998)
    expect(shippingCost('US', 2, 5000)).toBe(1698)
  })

  test('domestic orders from £25 ship free', () => {
    expect(shippingCost('GB', 4, 2500)).toBe(0)
  })

  test('an empty parcel costs nothing', () => {
    expect(shippingCost('US', 0, 0)).toBe(0)
  })
})
