import { createHash, createHmac, pbkdf2, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'

const pbkdf2Async = promisify(pbkdf2)

/** PostgreSQL's default SCRAM iteration count: clients accept it everywhere. */
const SCRAM_ITERATIONS = 4096

/** A fresh random password for a role dbsafe creates: 256 bits, URL-safe. Never print it. */
export function newRolePassword(): string {
  return randomBytes(32).toString('base64url')
}

/** A password and its verifier (see {@link scramVerifier}). The password is never printed. */
export interface RoleCredential {
  password: string
  verifier: string
}

/** A new random password with its verifier; computed off the main thread (PBKDF2 in libuv's pool). */
export async function newRoleCredential(): Promise<RoleCredential> {
  const password = newRolePassword()
  return { password, verifier: await scramVerifier(password) }
}

/**
 * The SCRAM-SHA-256 verifier of `password`, as PostgreSQL stores it (`SCRAM-SHA-256$<iterations>:<salt>$…`).
 * dbsafe sends this instead of the password in `CREATE ROLE … PASSWORD`, so the password never reaches the
 * server's statement log; it works with `scram-sha-256`, `md5` and `password` authentication alike.
 * `password` must be ASCII (SASLprep leaves it unchanged), as {@link newRolePassword}'s are.
 */
export async function scramVerifier(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const salted = await pbkdf2Async(password, salt, SCRAM_ITERATIONS, 32, 'sha256')
  const clientKey = createHmac('sha256', salted).update('Client Key').digest()
  const storedKey = createHash('sha256').update(clientKey).digest()
  const serverKey = createHmac('sha256', salted).update('Server Key').digest()
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`
}
