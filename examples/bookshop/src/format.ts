/** `1299` → `£12.99`; other currencies through Intl. */
export function formatPrice(cents: number, currency = 'GBP', locale = 'en-GB'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100)
}

/** `42` → `INV-000042`. */
export function formatInvoiceNumber(number: number): string {
  return `INV-${String(number).padStart(6, '0')}`
}

/** `9780141187761` → `978-0-14-118776-1`, with the one-digit group and two-digit publisher our suppliers use. */
export function formatIsbn(isbn: string): string {
  const match = /^(97[89])(\d)(\d{2})(\d{6})(\d)$/.exec(isbn)
  return match ? match.slice(1).join('-') : isbn
}
