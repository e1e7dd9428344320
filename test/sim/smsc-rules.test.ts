// The SMSC's side of the operation matrix (who may send what in which state) and the session clocks, as pure functions:
// every request in every state, and each timer decision with an injected clock.

import { describe, expect, it } from 'vitest'
import { Rule, ruleOf } from '../../src/session/smsc-rules.js'
import { TimerAction, SessionTimers } from '../../src/session/smsc-timers.js'
import { SessionState as St } from '../../src/session/smsc-types.js'

const { ACCEPT: A, WRONG_STATE: W, ALREADY_BOUND: B, UNKNOWN: U } = Rule

describe('ruleOf (requests an ESME sends, per state)', () => {
  // state columns: OPEN, BOUND_TX, BOUND_RX, BOUND_TRX, UNBOUND (our unbind sent, not yet answered)
  it.each([
    ['bind_transmitter', [A, B, B, B, B]],
    ['bind_receiver', [A, B, B, B, B]],
    ['bind_transceiver', [A, B, B, B, B]],
    ['unbind', [W, A, A, A, A]],
    ['submit_sm', [W, A, W, A, W]],
    ['submit_multi', [W, A, W, A, W]],
    ['data_sm', [W, A, W, A, W]],
    ['query_sm', [W, A, W, A, W]],
    ['cancel_sm', [W, A, W, A, W]],
    ['replace_sm', [W, A, W, A, W]],
    ['deliver_sm', [W, W, W, W, W]],
    ['enquire_link', [A, A, A, A, A]],
    ['outbind', [U, U, U, U, U]],
    ['alert_notification', [U, U, U, U, U]],
    [undefined, [U, U, U, U, U]],
  ] as const)('%s', (name, expected) => {
    expect([St.OPEN, St.BOUND_TX, St.BOUND_RX, St.BOUND_TRX, St.UNBOUND].map((state) => ruleOf(name, state))).toEqual(expected)
  })
})

describe('SessionTimers', () => {
  it('OPEN: closes after the session-init time, whatever arrives meanwhile', () => {
    const t = new SessionTimers(1000, 500, 100)
    t.lastRx = 1400
    expect(t.check(1499, St.OPEN)).toBe(TimerAction.NONE)
    expect(t.check(1500, St.OPEN)).toBe(TimerAction.CLOSE_INIT)
  })

  it('bound: enquire_link after silence, closed when unanswered, quiet again when answered', () => {
    const t = new SessionTimers(0, 500, 100)
    t.enquireLinkMs = 1000
    expect(t.check(999, St.BOUND_TRX)).toBe(TimerAction.NONE)
    expect(t.check(1000, St.BOUND_TRX)).toBe(TimerAction.SEND_ENQUIRE_LINK)
    t.enquireSent(7, 1000)
    expect(t.check(1099, St.BOUND_TRX)).toBe(TimerAction.NONE)
    expect(t.check(1100, St.BOUND_TRX)).toBe(TimerAction.CLOSE_UNANSWERED)
    expect(t.enquireAnswered(8)).toBe(false)
    expect(t.enquireAnswered(7)).toBe(true)
    t.lastRx = 1050
    expect(t.check(1100, St.BOUND_TRX)).toBe(TimerAction.NONE)
  })

  it('bound: idle after no request for the idle time (bytes alone do not count); unbind wait', () => {
    const t = new SessionTimers(0, 500, 100)
    t.idleTimeoutMs = 2000
    t.lastRx = 1500 // e.g. enquire_link_resp or a dribbling PDU: not a request
    expect(t.check(1999, St.BOUND_TX)).toBe(TimerAction.NONE)
    expect(t.check(2000, St.BOUND_TX)).toBe(TimerAction.IDLE)
    t.request()
    expect(t.check(3000, St.BOUND_TX)).toBe(TimerAction.NONE)
    t.unbindSent(3000)
    expect(t.check(3099, St.UNBOUND)).toBe(TimerAction.NONE)
    expect(t.check(3100, St.UNBOUND)).toBe(TimerAction.CLOSE_UNBIND_WAIT)
  })
})
