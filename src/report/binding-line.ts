// The live line of a long bind phase: `binding 3400/10000 (200/s)…` on stderr, once a second
// after the first, so 10,000 binds at --bind-rate 200 do not look like a hang; at the end, how
// long binding took, and when some binds failed, how many and the latest reason.

import type { BindProgress } from '../load/main/bind-tally.js'

/** Binding shorter than this prints nothing. */
const FIRST_AFTER_MS = 1000
const EVERY_MS = 1000

export class BindingLines {
  readonly #startMs: number
  #lastAtMs = -Infinity
  #last: BindProgress | undefined

  constructor(startMs: number) {
    this.#startMs = startMs
  }

  /** The line to print for this progress now, or ''. */
  update(p: BindProgress, nowMs: number): string {
    this.#last = p
    const elapsed = nowMs - this.#startMs
    if (elapsed < FIRST_AFTER_MS || nowMs - this.#lastAtMs < EVERY_MS || p.bound + p.failed >= p.total) return ''
    this.#lastAtMs = nowMs
    const rate = (p.bound + p.failed) / (elapsed / 1000)
    const failed = p.failed > 0 ? `, ${p.failed} failed` : ''
    return `binding ${p.bound + p.failed}/${p.total} (${Math.round(rate)}/s${failed})…\n`
  }

  /** After binding: how long it took, when it was long enough to print progress; else ''. */
  end(nowMs: number): string {
    const p = this.#last
    const ms = nowMs - this.#startMs
    if (p === undefined || ms < FIRST_AFTER_MS) return ''
    return `bound ${p.bound}/${p.total} in ${(ms / 1000).toFixed(1)}s (${Math.round((p.bound + p.failed) / (ms / 1000))}/s)\n`
  }

  /** After binding, when some binds failed but not all (then the run fails with the reason): how many, and the latest reason. */
  failures(): string {
    const p = this.#last
    if (p === undefined || p.failed === 0 || p.bound === 0) return ''
    // A bind refused where others are up is often an SMSC's bind limit, not the credentials.
    const g = p.lastGroup
    const up = `; ${p.bound} bind${p.bound === 1 ? ' is' : 's are'} up: `
    const limit = p.lastError?.includes(' refused: ') !== true
      ? ''
      : g === undefined
        ? `${up}if of the same system_id, the SMSC may allow no more binds for it (ask for its bind limit, or lower --binds)`
        : `${up}if some are ${g.systemId}'s, the SMSC may allow no more binds for it (ask for its bind limit, or lower group ${g.name}'s binds)`
    const whose = g === undefined ? '' : `group ${g.name} (${g.systemId}): `
    return `smpp-bench: ${p.failed} of ${p.total} binds failed to open (retried in the background): ${whose}${p.lastError ?? 'no reason given'}${limit}\n`
  }
}
