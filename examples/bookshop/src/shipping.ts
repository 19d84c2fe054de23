export type ShippingZone = 'domestic' | 'europe' | 'world'

const EUROPE = new Set(['IE', 'FR', 'DE', 'NL', 'BE', 'ES', 'IT', 'FI', 'SE', 'DK', 'PT', 'AT'])

export function shippingZone(country: string): ShippingZone {
  if (country === 'GB') return 'domestic'
  return EUROPE.has(country) ? 'europe' : 'world'
}

const RATES: Record<
  ShippingZone,
  { firstBookCents: number; extraBookCents: number; freeFromCents?: number }
> = {
  domestic: { firstBookCents: 299, extraBookCents: 99, freeFromCents: 2500 },
  europe: { firstBookCents: 799, extraBookCents: 199 },
  world: { firstBookCents: 1299, extraBookCents: 399 },
}

/** Shipping for `books` books to `country`; domestic orders from £25 ship free. */
export function shippingCost(country: string, books: number, subtotalCents: number): number {
  if (books <= 0) return 0
  const rate = RATES[shippingZone(country)]
  if (rate.freeFromCents !== undefined && subtotalCents >= rate.freeFromCents) return 0
  return rate.firstBookCents + (books - 1) * rate.extraBookCents
}
