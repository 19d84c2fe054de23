import { afterAll, describe, expect, test } from 'vitest'
import { customersInCountry, customersPerCountry, findCustomerByEmail } from '../src/customers'
import { knexDb } from '../src/knex'

describe('customer directory', () => {
  afterAll(() => knexDb.destroy())

  test('finds a customer by email, ignoring case and spaces', async () => {
    const customer = await findCustomerByEmail('  Ada@Example.com ')
    expect(customer).toMatchObject({ id: 1, name: 'Ada Lovelace', country: 'GB' })
    await expect(findCustomerByEmail('nobody@example.com')).resolves.toBeUndefined()
  })

  test('lists the customers of a country by name', async () => {
    const names = (await customersInCountry('GB')).map((customer) => customer.name)
    expect(names).toEqual(['Ada Lovelace', 'Alan Turing', 'Sophie Wilson'])
  })

  test('counts customers per country', async () => {
    await expect(customersPerCountry()).resolves.toEqual([
      { country: 'GB', customers: 3 },
      { country: 'US', customers: 2 },
      { country: 'FI', customers: 1 },
    ])
  })
})
