export interface Customer {
  id: number
  email: string
  name: string
  country: string
  createdAt: Date
}

/** Column list mapping a `customers` row to a {@link Customer}, for knex `.select()`. */
export const CUSTOMER_COLUMNS = ['id', 'email', 'name', 'country', 'created_at as createdAt'] as const
