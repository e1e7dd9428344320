// The bind phase's lines: progress, the end, and the failures with a hint when binds were refused
// beside binds that are up (an SMSC's bind limit per account, e.g. sim --max-binds).

import { describe, expect, it } from 'vitest'
import { BindTally } from '../../src/load/main/bind-tally.js'
import { BindingLines } from '../../src/report/binding-line.js'
import { CommandStatus } from '../../src/protocol/status.js'
import { describeBindStatus } from '../../src/session/esme-types.js'

const REFUSED = `bind_transceiver refused: ${describeBindStatus(CommandStatus.ESME_RBINDFAIL)}`

describe('BindingLines', () => {
  it('progress once a second, then how long it took', () => {
    const b = new BindingLines(0)
    expect(b.update({ total: 10, bound: 1, failed: 0 }, 500)).toBe('')
    expect(b.update({ total: 10, bound: 4, failed: 0 }, 2000)).toBe('binding 4/10 (2/s)…\n')
    expect(b.update({ total: 10, bound: 5, failed: 0 }, 2500)).toBe('')
    b.update({ total: 10, bound: 10, failed: 0 }, 4000)
    expect(b.end(4000)).toBe('bound 10/10 in 4.0s (3/s)\n')
  })

  it('a refused bind beside binds that are up: the bind limit is named as a likely cause', () => {
    const b = new BindingLines(0)
    b.update({ total: 3, bound: 2, failed: 1, lastError: REFUSED }, 100)
    expect(b.failures()).toBe('smpp-bench: 1 of 3 binds failed to open (retried in the background): ' + REFUSED +
      '; 2 binds are up: if of the same system_id, the SMSC may allow no more binds for it (ask for its bind limit, or lower --binds)\n')
  })

  it('no such hint for a connection that failed, nor when no bind is up (then the run fails with the reason)', () => {
    const b = new BindingLines(0)
    b.update({ total: 3, bound: 2, failed: 1, lastError: 'connect ECONNREFUSED 127.0.0.1:2775' }, 100)
    expect(b.failures()).toBe('smpp-bench: 1 of 3 binds failed to open (retried in the background): connect ECONNREFUSED 127.0.0.1:2775\n')
    b.update({ total: 3, bound: 0, failed: 3, lastError: 'bind_transceiver refused: ESME_RBINDFAIL (0x0000000D)' }, 200)
    expect(b.failures()).toBe('')
  })

  it('in a scenario, names the group and account of the refused bind, and the group\'s binds to lower', () => {
    // Worker 0 sends for group A (acct_a), worker 1 for B (acct_b); A asked for more binds than its account may have.
    const tally = new BindTally(2, 5, [{ name: 'A', systemId: 'acct_a' }, { name: 'B', systemId: 'acct_b' }])
    tally.update({ type: 'binding', workerId: 1, bound: 2, failed: 0 })
    const p = tally.update({ type: 'binding', workerId: 0, bound: 2, failed: 1, lastError: REFUSED })
    const b = new BindingLines(0)
    b.update(p, 100)
    expect(b.failures()).toBe('smpp-bench: 1 of 5 binds failed to open (retried in the background): group A (acct_a): ' + REFUSED +
      '; 4 binds are up: if some are acct_a\'s, the SMSC may allow no more binds for it (ask for its bind limit, or lower group A\'s binds)\n')
  })
})
