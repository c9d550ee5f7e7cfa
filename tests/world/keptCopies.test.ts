import { describe, expect, it } from '@jest/globals'

import { KeptCopies } from '../../src/services/world/keptCopies'

describe('kept copies', () => {
  it('keep at most their limit, dropping the copy kept longest ago; keeping one again makes it the newest', () => {
    const kept = new KeptCopies<string>(2)
    kept.keep(1, 'a')
    kept.keep(2, 'b')
    kept.keep(1, 'a2')
    kept.keep(3, 'c')
    expect([kept.get(1), kept.get(2), kept.get(3)]).toEqual(['a2', undefined, 'c'])
    kept.clear()
    expect(kept.get(1)).toBeUndefined()
  })
})
