import type { Effect } from '../evidence'
import { classifySql } from '../sql/classify-sql'

/** What a wrapper does with the SQL it is given; `text` undefined: it cannot be read. */
export function wrapperEffects(wrapper: string, text: string | undefined): Effect[] {
  if (text !== undefined) return classifySql(text).effects
  return [
    {
      level: 'shared-writes',
      text: `${wrapper}() is given SQL that cannot be read statically`,
      uncertain: true,
    },
  ]
}
