/**
 * The same URL with another user and password (query-string `user`/`password` removed, so they cannot
 * override them). Contains the password: never print the result unredacted.
 */
export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url)
  parsed.username = encodeURIComponent(user)
  parsed.password = encodeURIComponent(password)
  parsed.searchParams.delete('user')
  parsed.searchParams.delete('password')
  return parsed.toString()
}
