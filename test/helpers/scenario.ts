// Shared by the scenario tests: the error a call throws, and a scenario of two accounts.
import { expect } from 'vitest'
import { ConfigError } from '../../src/errors.js'

/** The message of the ConfigError that `f` throws (fails when it throws none, or another error). */
export function configErrorOf(f: () => unknown): string {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('expected a ConfigError')
}

/** Two accounts: A with a limit per bind, B with a limit for the group (and what `more` adds to B). */
export function twoAccounts(more = ''): string {
  return `
groups:
  - name: A
    system_id: acct_a
    password_env: SMPP_PW_A
    binds: 2
    max_rate_per_bind: 30
  - name: B
    system_id: acct_b
    binds: 3
    max_rate: 50
${more}`
}
