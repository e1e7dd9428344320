// The --max-rate limiters as pure units on a fake clock (epoch milliseconds): what each policy
// admits, what each scope shares, and the one-second meter behind congestion_state.

import { describe, expect, it } from 'vitest'
import { MinimumGap, SecondWindow, takeBoth, Throttles, TokenBucket, type ThrottleSettings } from '../../src/sim/throttle.js'
import { parseAccounts } from '../../src/sim/accounts.js'
import { buildSimConfig } from '../../src/cli/sim-command.js'

/** How many of `n` submissions at the times `at(i)` the throttle admits. */
function admitted(t: { take(nowMs: number): boolean }, n: number, at: (i: number) => number): number {
  let ok = 0
  for (let i = 0; i < n; i++) if (t.take(at(i))) ok++
  return ok
}

const T0 = 1_700_000_000_000 // a whole second of the epoch

describe('second: a fixed window per wall-clock second', () => {
  it('admits n in the current second, whatever the spacing, and starts again at the next whole second', () => {
    const w = new SecondWindow(10)
    // 30 at once 900 ms into a second: 10 pass; 100 ms later a new second starts: 10 more (not a
    // sliding window: 20 within 100 ms across the boundary).
    expect(admitted(w, 30, () => T0 + 900)).toBe(10)
    expect(w.take(T0 + 999.9)).toBe(false)
    expect(admitted(w, 30, () => T0 + 1000)).toBe(10)
  })

  it('rounds a fractional rate down, to at least one', () => {
    expect(admitted(new SecondWindow(2.7), 10, () => T0)).toBe(2)
    expect(admitted(new SecondWindow(0.5), 10, () => T0)).toBe(1)
  })
})

describe('gap: a minimum gap after the last accepted submission', () => {
  it('refuses a pipelined burst at a low average rate', () => {
    const g = new MinimumGap(500) // 2 ms
    // 20 submissions 0.1 ms apart (a burst): only the first passes, though 20 in a second is 4 % of 500/s.
    expect(admitted(g, 20, (i) => T0 + i * 0.1)).toBe(1)
  })

  it('admits submissions spaced at the gap, and a refusal does not push the next one back', () => {
    const g = new MinimumGap(500)
    expect(admitted(g, 100, (i) => T0 + i * 2)).toBe(100)
    const h = new MinimumGap(500)
    expect(h.take(T0)).toBe(true)
    expect(h.take(T0 + 1.5)).toBe(false)
    expect(h.take(T0 + 2)).toBe(true) // 2 ms after the accepted one, 0.5 ms after the refused one
  })
})

describe('bucket: the token bucket', () => {
  it('allows the burst, then the rate', () => {
    const b = new TokenBucket(100, 0)
    expect(admitted(b, 50, () => 0)).toBe(10)
    expect(b.take(5)).toBe(false)
    expect(b.take(10)).toBe(true)
    expect(admitted(b, 50, () => 1000)).toBe(10) // capped at the burst
  })
})

describe('the one-second meter', () => {
  it('is the share of the rate accepted over the last second', () => {
    const w = new SecondWindow(100)
    expect(w.used(T0)).toBe(0)
    admitted(w, 50, () => T0 + 100)
    expect(w.used(T0 + 500)).toBe(0.5)
    // Half-way through the next second, half of the previous second's count is still in it.
    admitted(w, 20, () => T0 + 1000)
    expect(w.used(T0 + 1500)).toBeCloseTo((20 + 50 * 0.5) / 100)
    expect(w.used(T0 + 2500)).toBeCloseTo((20 * 0.5) / 100)
    expect(w.used(T0 + 3000)).toBe(0)
  })

  it('counts only accepted submissions', () => {
    const w = new SecondWindow(10)
    admitted(w, 100, () => T0)
    expect(w.used(T0 + 1)).toBe(1)
  })
})

describe('scopes', () => {
  const settings = (throttleScope: ThrottleSettings['throttleScope'], maxRate: number | undefined = 10): ThrottleSettings => ({ maxRate, throttlePolicy: 'second', throttleScope })

  it('bind: each bind has its own limit', () => {
    const t = new Throttles()
    const a = t.forBind(0, settings('bind'), T0)
    const b = t.forBind(0, settings('bind'), T0)
    expect(a).not.toBe(b)
    expect(admitted(a!, 20, () => T0) + admitted(b!, 20, () => T0)).toBe(20)
  })

  it('account: the binds of one account share it, another account has its own', () => {
    const t = new Throttles()
    const a1 = t.forBind(0, settings('account'), T0)!
    const a2 = t.forBind(0, settings('account'), T0)!
    const b = t.forBind(1, settings('account'), T0)!
    expect(admitted(a1, 8, () => T0) + admitted(a2, 8, () => T0)).toBe(10)
    expect(admitted(b, 20, () => T0)).toBe(10)
  })

  it('server: every bind of every account shares it (same rate and policy)', () => {
    const t = new Throttles()
    const a = t.forBind(0, settings('server'), T0)!
    const b = t.forBind(1, settings('server'), T0)!
    expect(a).toBe(b)
    expect(t.forBind(2, settings('server', 20), T0)).not.toBe(a)
    expect(t.forBind(2, { ...settings('server'), maxRate: undefined }, T0)).toBeUndefined()
  })
})

describe('flags and accounts file', () => {
  it('--throttle-policy and --throttle-scope take their words, case-insensitive', () => {
    const c = buildSimConfig({ throttlePolicy: 'gap', throttleScope: 'server' })
    expect(c.behaviour).toMatchObject({ throttlePolicy: 'gap', throttleScope: 'server' })
    expect(buildSimConfig({}).behaviour).toMatchObject({ throttlePolicy: 'bucket', throttleScope: 'bind' })
  })

  it('per account, with an error naming the entry and the key', () => {
    const [a] = parseAccounts('[{"system_id":"a","password":"p","throttle_policy":"Second","throttleScope":"account"}]')
    expect(a?.behaviour).toEqual({ throttlePolicy: 'second', throttleScope: 'account' })
    expect(() => parseAccounts('[{"system_id":"a","password":"p"},{"system_id":"b","password":"p","throttlePolicy":"leaky"}]'))
      .toThrow("--accounts [1] throttlePolicy: 'leaky' is not a throttle policy (bucket, second, gap)")
    expect(() => parseAccounts('[{"system_id":"a","password":"p","throttle-scope":"global"}]'))
      .toThrow("--accounts [0] throttle-scope: 'global' is not a throttle scope (bind, account, server)")
  })
})

describe('two limiters at once (--max-rate-per-bind beside an account-wide --max-rate)', () => {
  it('a submission passes when both have room, and a refusal by one costs the other nothing', () => {
    const t = new Throttles()
    const s: ThrottleSettings = { maxRate: 15, maxRatePerBind: 10, throttlePolicy: 'second', throttleScope: 'account' }
    const account = t.forBind(0, s, T0)
    const [a, b] = [t.ownOfBind(s, T0), t.ownOfBind(s, T0)]
    const both = (own: typeof a) => ({ take: (now: number) => takeBoth(account, own, now) })
    expect(admitted(both(a), 20, () => T0)).toBe(10) // a's own limit; its 10 refusals leave the account 5
    expect(admitted(both(b), 20, () => T0)).toBe(5) // the account's; b's 15 refusals leave b's own 10
    expect(admitted(both(b), 20, () => T0 + 1000)).toBe(10)
    expect(admitted(both(a), 20, () => T0 + 1000)).toBe(5)
    expect(account?.used(T0 + 1000)).toBe(2) // 15 in the second before, all still within the last 1000 ms, and 15 now
  })

  it('either may be absent', () => {
    const own = new SecondWindow(2)
    expect(admitted({ take: (now) => takeBoth(undefined, own, now) }, 5, () => T0)).toBe(2)
    expect(admitted({ take: (now) => takeBoth(undefined, undefined, now) }, 5, () => T0)).toBe(5)
    expect(new Throttles().ownOfBind({ maxRate: 5, throttlePolicy: 'gap', throttleScope: 'bind' }, T0)).toBeUndefined()
  })
})
