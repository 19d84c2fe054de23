import type { Client } from 'pg'
import { pool } from './db'

export const ORDER_PLACED_CHANNEL = 'order_placed'

/** Tells every listening process (the warehouse screen, the email sender) that an order was placed. */
export async function publishOrderPlaced(orderId: number): Promise<void> {
  await pool.query('SELECT pg_notify($1, $2)', [ORDER_PLACED_CHANNEL, String(orderId)])
}

/** Calls `onOrder` with the id of every order placed from now on. `client` must be a dedicated connection. */
export async function subscribeToOrders(client: Client, onOrder: (orderId: number) => void): Promise<void> {
  client.on('notification', (message) => {
    if (message.channel === ORDER_PLACED_CHANNEL) onOrder(Number(message.payload))
  })
  await client.query(`LISTEN ${ORDER_PLACED_CHANNEL}`)
}
