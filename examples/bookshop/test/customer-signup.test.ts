import { afterAll, describe, expect, test } from 'vitest'
import { changeEmail, DuplicateEmailError, eraseCustomer, registerCustomer } from '../src/customer-accounts'
import { knexDb } from '../src/knex'

const customerCount = async () => Number((await knexDb('customers').count({ n: '*' }))[0]?.n)

describe('customer signup', () => {
  afterAll(() => knexDb.destroy())

  test('registers a customer with a normalized email', async () => {
    const customer = await registerCustomer({
      email: ' Katherine@Example.com',
      name: 'Katherine Johnson ',
      country: 'us',
    })

    expect(customer).toMatchObject({
      email: 'katherine@example.com',
      name: 'Katherine Johnson',
      country: 'US',
    })
    expect(await customerCount()).toBe(7)

    await eraseCustomer(customer.id)
  })

  test('refuses an email that is already registered', async () => {
    await expect(
      registerCustomer({ email: 'ADA@example.com', name: 'Ada Again', country: 'GB' }),
    ).rejects.toBeInstanceOf(DuplicateEmailError)
    expect(await customerCount()).toBe(6)
  })

  test('refuses to change an email to one that is taken', async () => {
    const customer = await registerCustomer({
      email: 'dorothy@example.com',
      name: 'Dorothy Vaughan',
      country: 'US',
    })

    await expect(changeEmail(customer.id, 'grace@example.com')).rejects.toThrow(
      'A customer with email grace@example.com already exists',
    )
    await changeEmail(customer.id, 'dorothy.vaughan@example.com')
    const [row] = await knexDb('customers').where({ id: customer.id }).select('email')
    expect(row.email).toBe('dorothy.vaughan@example.com')

    await eraseCustomer(customer.id)
  })
})
