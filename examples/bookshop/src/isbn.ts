/** Removes hyphens and spaces: `978-0-14-118776-1` → `9780141187761`. */
export function normalizeIsbn(isbn: string): string {
  return isbn.replace(/[\s-]/g, '')
}

function checkDigit13(first12: string): number {
  const sum = [...first12].reduce((acc, digit, index) => acc + Number(digit) * (index % 2 === 0 ? 1 : 3), 0)
  return (10 - (sum % 10)) % 10
}

export function isValidIsbn13(isbn: string): boolean {
  const digits = normalizeIsbn(isbn)
  return /^97[89]\d{10}$/.test(digits) && checkDigit13(digits.slice(0, 12)) === Number(digits[12])
}

/** Converts an ISBN-10 (`0-14-118776-5`) to its ISBN-13 form; throws on an invalid one. */
export function isbn10To13(isbn10: string): string {
  const digits = normalizeIsbn(isbn10).toUpperCase()
  if (!/^\d{9}[\dX]$/.test(digits)) throw new Error(`Not an ISBN-10: ${isbn10}`)
  const sum = [...digits].reduce(
    (acc, char, index) => acc + (char === 'X' ? 10 : Number(char)) * (10 - index),
    0,
  )
  if (sum % 11 !== 0) throw new Error(`Wrong ISBN-10 check digit: ${isbn10}`)
  const first12 = `978${digits.slice(0, 9)}`
  return `${first12}${checkDigit13(first12)}`
}
