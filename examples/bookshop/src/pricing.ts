export interface CartLine {
  priceCents: number
  quantity: number
}

export interface Coupon {
  code: string
  percentOff?: number
  amountOffCents?: number
  minimumCents?: number
}

export function subtotal(lines: readonly CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.priceCents * line.quantity, 0)
}

/** The discount a coupon gives on a subtotal: never more than the subtotal, none below its minimum. */
export function couponDiscount(subtotalCents: number, coupon: Coupon): number {
  if (subtotalCents < (coupon.minimumCents ?? 0)) return 0
  const percent = Math.round((subtotalCents * (coupon.percentOff ?? 0)) / 100)
  return Math.min(subtotalCents, percent + (coupon.amountOffCents ?? 0))
}

/** Books are zero-rated in the UK and Ireland; elsewhere we charge the reduced rate, in percent. */
export const VAT_RATES: Readonly<Record<string, number>> = { GB: 0, IE: 0, FI: 10, FR: 5.5, DE: 7 }

export function vatIncluded(totalCents: number, country: string): number {
  const rate = VAT_RATES[country] ?? 0
  return Math.round(totalCents - totalCents / (1 + rate / 100))
}

export function cartTotal(lines: readonly CartLine[], coupon?: Coupon): number {
  const gross = subtotal(lines)
  return gross - (coupon ? couponDiscount(gross, coupon) : 0)
}
