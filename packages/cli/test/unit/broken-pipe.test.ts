import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { exitQuietlyOnBrokenPipe } from '../../src/broken-pipe'

const errno = (code: string) => Object.assign(new Error(code), { code })

describe('exitQuietlyOnBrokenPipe', () => {
  it('exits 0 when the reader went away (EPIPE)', () => {
    const stream = new EventEmitter()
    const exits: number[] = []
    exitQuietlyOnBrokenPipe(stream, (code) => exits.push(code))
    stream.emit('error', errno('EPIPE'))
    expect(exits).toEqual([0])
  })

  it('rethrows any other write error', () => {
    const stream = new EventEmitter()
    exitQuietlyOnBrokenPipe(stream, () => {})
    expect(() => stream.emit('error', errno('ENOSPC'))).toThrow('ENOSPC')
  })
})
