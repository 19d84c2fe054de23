import { describe, expect, test } from 'vitest'
import { orderConfirmationEmail } from '../src/emails'

describe('order confirmation email', () => {
  test('lists the books, shipping and total', () => {
    const email = orderConfirmationEmail({
      orderId: 1042,
      customerName: 'Grace Hopper',
      country: 'US',
      lines: [
        { title: 'The Martian', quantity: 1, unitPriceCents: 1099 },
        { title: 'Project Hail Mary', quantity: 2, unitPriceCents: 1799 },
      ],
    })

    expect(email.subject).toBe('Your bookshop order #1042')
    expect(email.body).toMatchInlineSnapshot(`
      "Hello Grace Hopper,

      Thank you for your order:
        1 × The Martian  £10.99
        2 × Project Hail Mary  £35.98

      Shipping: £20.97
      Total: £67.94"
    `)
  })

  test('says when shipping is free', () => {
    const email = orderConfirmationEmail({
      orderId: 7,
      customerName: 'Ada Lovelace',
      country: 'GB',
      lines: [{ title: 'Sapiens', quantity: 2, unitPriceCents: 1899 }],
    })
    expect(email.body).toContain('Shipping: free')
    expect(email.body).toContain('Total: £37.98')
  })
})
