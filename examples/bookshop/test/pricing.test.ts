import { describe, expect, test } from 'vitest'
import { cartTotal, couponDiscount, subtotal, vatIncluded } from '../src/pricing'

const cart = [
  { priceCents: 1299, quantity: 2 },
  { priceCents: 699, quantity: 1 },
]

describe('cart pricing', () => {
  test('adds up the lines', () => {
    expect(subtotal(cart)).toBe(3297)
    expect(subtotal([])).toBe(0)
  })

  test('applies a percentage coupon, rounded to the penny', () => {
    expect(cartTotal(cart, { code: 'SPRING15', percentOff: 15 })).toBe(2802)
  })

  test('ignores a coupon below its minimum spend', () => {
    expect(couponDiscount(1999, { code: 'TENOFF', amountOffCents: 1000, minimumCents: 2000 })).toBe(0)
    expect(couponDiscount(2000, { code: 'TENOFF', amountOffCents: 1000, minimumCents: 2000 })).toBe(1000)
  })

  test('never discounts below zero', () => {
    expect(cartTotal([{ priceCents: 500, quantity: 1 }], { code: 'GIFT', amountOffCents: 2500 })).toBe(0)
  })
})

describe('VAT', () => {
  test('books are zero-rated in the UK', () => {
    expect(vatIncluded(3297, 'GB')).toBe(0)
  })

  test('uses the reduced rate elsewhere', () => {
    expect(vatIncluded(1100, 'FI')).toBe(100)
    expect(vatIncluded(1070, 'DE')).toBe(70)
  })
})
