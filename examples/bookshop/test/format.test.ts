import { describe, expect, test } from 'vitest'
import { formatInvoiceNumber, formatIsbn, formatPrice } from '../src/format'

describe('formatting', () => {
  test('prices in pounds by default', () => {
    expect(formatPrice(1299)).toBe('£12.99')
    expect(formatPrice(0)).toBe('£0.00')
    expect(formatPrice(123456)).toBe('£1,234.56')
  })

  test('prices in other currencies and locales', () => {
    expect(formatPrice(1299, 'EUR', 'de-DE')).toBe('12,99\u00a0€')
    expect(formatPrice(1299, 'USD', 'en-US')).toBe('$12.99')
  })

  test('invoice numbers are zero-padded', () => {
    expect(formatInvoiceNumber(42)).toBe('INV-000042')
    expect(formatInvoiceNumber(1234567)).toBe('INV-1234567')
  })

  test('ISBNs get their hyphens back', () => {
    expect(formatIsbn('9780141187761')).toBe('978-0-14-118776-1')
    expect(formatIsbn('not an isbn')).toBe('not an isbn')
  })
})
