import { CUSTOMER_COLUMNS, type Customer } from './customer'
import { knexDb } from './knex'

export async function findCustomerByEmail(email: string): Promise<Customer | undefined> {
  return knexDb('customers')
    .select(...CUSTOMER_COLUMNS)
    .where({ email: email.trim().toLowerCase() })
    .first()
}

export async function customersInCountry(country: string): Promise<Customer[]> {
  return knexDb('customers')
    .select(...CUSTOMER_COLUMNS)
    .where({ country })
    .orderBy('name')
}

/** Number of customers per country, largest first. */
export async function customersPerCountry(): Promise<{ country: string; customers: number }[]> {
  const rows = await knexDb('customers')
    .select('country')
    .count<{ country: string; count: string }[]>('* as count')
    .groupBy('country')
    .orderBy([{ column: 'count', order: 'desc' }, 'country'])
  return rows.map((row) => ({ country: row.country, customers: Number(row.count) }))
}
