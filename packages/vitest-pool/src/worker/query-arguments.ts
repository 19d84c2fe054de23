/** A query object pg runs by calling its `submit(connection)` (pg-cursor, pg-query-stream). */
export interface Submittable {
  submit: (connection: unknown) => void
  callback?: (error: Error | null, result?: unknown) => void
  handleError?: (error: Error, connection: unknown) => void
  text?: string
}

/** A pg query config: what `client.query` accepts besides a string and a submittable. */
export interface PgQueryConfig {
  text: string
  values?: unknown[]
  [option: string]: unknown
}

/** The arguments of one `client.query(…)` call, in one shape. */
export interface QueryCall {
  /** The SQL text ('' when a submittable has none). */
  text: string
  /** The bound values, when any. */
  values: unknown[] | undefined
  /** The config to hand to the pinned connection (a copy: never the caller's object). */
  config: PgQueryConfig | undefined
  /** Set for pg-cursor, pg-query-stream and other custom queries. */
  submittable: Submittable | undefined
  /** The node-style callback, when the caller passed one. */
  callback: ((error: Error | null, result?: unknown) => void) | undefined
}

/** Normalises the three call shapes of `client.query(config, values?, callback?)` like pg itself. */
export function normalizeQueryArguments(config: unknown, values: unknown, callback: unknown): QueryCall {
  if (config == null) throw new TypeError('Client was passed a null or undefined query')
  const cb = typeof values === 'function' ? values : typeof callback === 'function' ? callback : undefined
  const callbackFn = cb as QueryCall['callback']
  if (typeof (config as Submittable).submit === 'function') {
    const submittable = config as Submittable
    return {
      text: submittable.text ?? '',
      values: undefined,
      config: undefined,
      submittable,
      callback: undefined,
    }
  }
  if (typeof config === 'string') {
    const bound = Array.isArray(values) ? values : undefined
    return {
      text: config,
      values: bound,
      config: { text: config, values: bound },
      submittable: undefined,
      callback: callbackFn,
    }
  }
  // The copy drops `callback`: results are reported through dbsafe's own promise.
  const { callback: inlineCallback, ...rest } = config as PgQueryConfig & { callback?: QueryCall['callback'] }
  const bound = Array.isArray(values) ? values : rest.values
  return {
    text: rest.text,
    values: bound,
    config: { ...rest, values: bound },
    submittable: undefined,
    callback: callbackFn ?? inlineCallback,
  }
}
