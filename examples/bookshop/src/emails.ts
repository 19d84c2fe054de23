import { formatPrice } from './format'
import { shippingCost } from './shipping'

export interface ConfirmationLine {
  title: string
  quantity: number
  unitPriceCents: number
}

export interface OrderConfirmation {
  orderId: number
  customerName: string
  country: string
  lines: ConfirmationLine[]
}

/** The plain-text order confirmation email. */
export function orderConfirmationEmail(order: OrderConfirmation): { subject: string; body: string } {
  const books = order.lines.reduce((sum, line) => sum + line.quantity, 0)
  const subtotal = order.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0)
  const shipping = shippingCost(order.country, books, subtotal)
  const lines = order.lines.map(
    (line) => `  ${line.quantity} × ${line.title}  ${formatPrice(line.quantity * line.unitPriceCents)}`,
  )
  return {
    subject: `Your bookshop order #${order.orderId}`,
    body: [
      `Hello ${order.customerName},`,
      '',
      'Thank you for your order:',
      ...lines,
      '',
      `Shipping: ${shipping === 0 ? 'free' : formatPrice(shipping)}`,
      `Total: ${formatPrice(subtotal + shipping)}`,
    ].join('\n'),
  }
}
