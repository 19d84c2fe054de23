import { pool } from './db'
import { formatInvoiceNumber } from './format'

/** Issues the invoice of a shipped order with the next number of the gap-free sequence. */
export async function issueInvoice(orderId: number): Promise<string> {
  const { rows } = await pool.query<{ number: number }>(
    `INSERT INTO invoices (order_id, number) VALUES ($1, nextval('invoice_numbers')) RETURNING number`,
    [orderId],
  )
  return formatInvoiceNumber(rows[0]!.number)
}
