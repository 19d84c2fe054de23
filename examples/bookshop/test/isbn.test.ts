import { describe, expect, test } from 'vitest'
import { isbn10To13, isValidIsbn13, normalizeIsbn } from '../src/isbn'

describe('ISBN', () => {
  test('normalizes hyphens and spaces away', () => {
    expect(normalizeIsbn('978-0-14-118776-1')).toBe('9780141187761')
    expect(normalizeIsbn('978 0 14 118776 1')).toBe('9780141187761')
  })

  test.each([
    ['9780141187761', true],
    ['978-0-261-10221-7', true],
    ['9780141187762', false],
    ['1234567890123', false],
    ['978014118776', false],
  ])('isValidIsbn13(%s) is %s', (isbn, valid) => {
    expect(isValidIsbn13(isbn)).toBe(valid)
  })

  test('converts ISBN-10 to ISBN-13', () => {
    expect(isbn10To13('0-14-118776-X')).toBe('9780141187761')
    expect(isbn10To13('0-261-10221-4')).toBe('9780261102217')
  })

  test('rejects a wrong ISBN-10 check digit', () => {
    expect(() => isbn10To13('0-14-118776-5')).toThrow('Wrong ISBN-10 check digit')
  })
})
