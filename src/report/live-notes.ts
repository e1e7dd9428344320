// Notes between the live lines (stderr) when the run changes phase or its connection does:
// sending is done and what it still waits for, a connection lost and won back, messages left unsent
// at --duration. Read from the closed intervals' counters, so they come
// right after the line of the interval where it happened.

import { Counter } from '../load/messages.js'
import type { IntervalSummary } from '../load/main/aggregate.js'
import type { RunConfig } from '../load/config.js'
import { formatDuration } from '../config/units.js'

export class LiveNotes {
  readonly #config: RunConfig
  readonly #where: string
  /** When sending ends at the latest (--duration, the profile); null when only the count can tell. */
  readonly #scheduledMs: number | null
  /** First sends that make up --count (messages × parts), or undefined. */
  readonly #countPdus: number | undefined
  #firstSends = 0
  #sendingDone = false
  #connectFailures = 0

  /** `where`: host:port, for the connection notes. */
  constructor(config: RunConfig, where: string) {
    this.#config = config
    this.#where = where
    // Only --duration (or the profile's length) ends sending by the clock: a --count run behind
    // schedule still sends its backlog, so there the count tells (the moment its last message was
    // due, scheduledSendingMs, is when it should end, not when it does).
    this.#scheduledMs = config.load.durationMs ?? null
    this.#countPdus = config.load.count === undefined ? undefined : config.load.count * config.derived.partsPerMessage
  }

  /** Sending was stopped early (Ctrl-C): the stop line says it, so no 'sending done' note. */
  stopped(): void {
    this.#sendingDone = true
  }

  /** The note lines (possibly none) to print after the live line of `s`. */
  after(s: IntervalSummary): string {
    const c = s.counters
    let out = ''
    const disconnects = c[Counter.disconnects]!
    const reconnects = c[Counter.reconnects]!
    this.#connectFailures += c[Counter.connectFailures]!
    if (disconnects > 0) {
      const lost = c[Counter.lost]!
      const what = disconnects === 1 ? 'connection' : `${disconnects} connections`
      out += `smpp-bench: ${what} to ${this.#where} lost at ${formatDuration(s.endMs)}` +
        `${lost > 0 ? ` (${lost} unanswered submit_sm lost)` : ''}; reconnecting…\n`
    }
    if (reconnects > 0) {
      const tries = this.#connectFailures > 0 ? ` after ${this.#connectFailures} failed connect attempt(s)` : ''
      out += `smpp-bench: reconnected to ${this.#where} at ${formatDuration(s.endMs)}${tries}` +
        `${reconnects > 1 ? ` (${reconnects} binds)` : ''}\n`
      this.#connectFailures = 0
    }
    const notSent = c[Counter.notSent]!
    if (notSent > 0) {
      out += `smpp-bench: ${notSent} message(s) due by --duration were not sent: behind schedule (dropped, not sent afterwards)\n`
    }
    this.#firstSends += c[Counter.sent]! - c[Counter.retried]!
    if (!this.#sendingDone && this.#sendingEnded(s)) {
      this.#sendingDone = true
      out += this.#doneNote(s)
    }
    return out
  }

  #sendingEnded(s: IntervalSummary): boolean {
    if (this.#scheduledMs !== null && s.endMs >= this.#scheduledMs) return true
    return this.#countPdus !== undefined && this.#firstSends >= this.#countPdus
  }

  /** "sending done at 2s; draining 4 unanswered submit_sm (up to 10s), waiting up to 10s for 1000 receipts". */
  #doneNote(s: IntervalSummary): string {
    const inFlight = s.counters[Counter.inFlight]!
    const receipts = s.counters[Counter.dlrPending]!
    const t = this.#config.timing
    const waits: string[] = []
    if (inFlight > 0) waits.push(`draining ${inFlight} unanswered submit_sm (up to ${formatDuration(t.timeoutMs)})`)
    if (receipts > 0) waits.push(`waiting up to ${formatDuration(t.dlrWaitMs)} for ${receipts} receipt(s)`)
    if (waits.length === 0) return ''
    const at = this.#scheduledMs !== null ? Math.min(this.#scheduledMs, s.endMs) : s.endMs
    return `smpp-bench: sending done at ${formatDuration(at)}; ${waits.join(', ')}\n`
  }
}
