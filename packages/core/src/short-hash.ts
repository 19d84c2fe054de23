import { createHash } from 'node:crypto'

/** 12 hex digits of the SHA-256 of `text`: what a history snapshot or a shard plan prints to be compared across machines. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12)
}
