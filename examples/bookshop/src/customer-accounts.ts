import { CUSTOMER_COLUMNS, type Customer } from './customer'
import { knexDb } from './knex'

export class DuplicateEmailError extends Error {
  override readonly name = 'DuplicateEmailError'
  constructor(readonly email: string) {
    super(`A customer with email ${email} already exists`)
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505'
}

export async function registerCustomer(input: {
  email: string
  name: string
  country: string
}): Promise<Customer> {
  const email = input.email.trim().toLowerCase()
  try {
    const [customer] = await knexDb('customers')
      .insert({ email, name: input.name.trim(), country: input.country.toUpperCase() })
      .returning([...CUSTOMER_COLUMNS])
    return customer as Customer
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateEmailError(email)
    throw error
  }
}

export async function changeEmail(customerId: number, newEmail: string): Promise<void> {
  const email = newEmail.trim().toLowerCase()
  try {
    await knexDb('customers').where({ id: customerId }).update({ email })
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateEmailError(email)
    throw error
  }
}

/** Removes a customer and, through the foreign keys, their orders (GDPR erasure). */
export async function eraseCustomer(customerId: number): Promise<void> {
  await knexDb('customers').where({ id: customerId }).delete()
}
