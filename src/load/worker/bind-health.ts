// Per-bind health of one worker's sessions, kept in one Float64Array indexed by session tag and
// column (../bind-health.ts): counts by outcome, the window time-weighted over the sending time,
// reconnects and why connections ended, TLS and bind times. The hot paths only add to a cell; the
// window is integrated when its count changes (once per batch written, once per chunk of
// responses), never sampled on a timer, so an idle bind costs nothing at 10,000 binds.

import type { EsmeSession } from '../../session/esme.js'
import { BIND_FIELD_COUNT, BIND_MODES, BindField } from '../bind-health.js'
import type { BindEndpoint, BindHealthReport } from '../bind-health.js'

const F = BIND_FIELD_COUNT
const IN_FLIGHT_MS = BindField.inFlightMs
const FULL_MS = BindField.fullMs
const OBSERVED_MS = BindField.observedMs
const MAX_IN_FLIGHT = BindField.maxInFlight

export class BindHealth {
  /** rows × F; see BindField. */
  readonly table: Float64Array
  readonly #rows: number
  /** When each row's window count last changed (or was integrated up to), and that count. */
  readonly #lastAt: Float64Array
  readonly #lastCount: Float64Array
  /** In flight at which the window has no room for the next message (window − parts + 1). */
  readonly #fullAt: Float64Array
  /** The window is integrated from the start of sending to its end only. */
  #startAt = Infinity
  #endAt = Infinity
  readonly #reasons: Array<Record<string, number> | undefined>
  #changedReasons: number[] = []
  readonly #reasonChanged: Uint8Array
  #endpoints: BindEndpoint[] = []
  #tlsMs: number[] = []
  #bindMs: number[] = []

  /** `groupOf`: the bind group of a session (all 0 until there are several). */
  constructor(sessions: readonly EsmeSession[], parts: number, groupOf: (s: EsmeSession) => number = () => 0) {
    const n = sessions.length
    this.#rows = n
    this.table = new Float64Array(n * F)
    this.#lastAt = new Float64Array(n)
    this.#lastCount = new Float64Array(n)
    this.#fullAt = new Float64Array(n)
    this.#reasons = new Array<Record<string, number> | undefined>(n)
    this.#reasonChanged = new Uint8Array(n)
    for (const s of sessions) {
      const o = s.tag * F
      const window = s.options.window
      this.table[o + BindField.mode] = BIND_MODES.indexOf(s.options.bind)
      this.table[o + BindField.group] = groupOf(s)
      this.table[o + BindField.window] = window
      for (const f of [BindField.tlsLastMs, BindField.tlsMaxMs, BindField.bindLastMs, BindField.bindMaxMs]) this.table[o + f] = NaN
      this.#fullAt[s.tag] = Math.max(1, window - parts + 1)
      // Its account from the start, so a bind that never binds (refused over the SMSC's bind
      // limit) still says whose it is in binds[]; an open adds its addresses.
      this.#endpoints.push({ row: s.tag, systemId: s.options.systemId, localAddress: '', remoteAddress: '' })
    }
  }

  /** Sending starts: the window is observed from now. */
  start(atMs: number): void {
    this.#startAt = atMs
    this.#lastAt.fill(atMs)
  }

  /** Sending is over: the window figures stop here. */
  end(atMs: number): void {
    for (let row = 0; row < this.#rows; row++) this.window(row, atMs, this.#lastCount[row]!)
    if (atMs < this.#endAt) this.#endAt = atMs
  }

  /** Adds `n` to a count column of a row (hot path: one add). */
  count(row: number, field: number, n = 1): void {
    this.table[row * F + field]! += n
  }

  /** The row's window holds `inFlight` from `now` on: the time since the last change is added at the old count. */
  window(row: number, now: number, inFlight: number): void {
    if (this.#startAt !== Infinity) {
      const at = now < this.#endAt ? now : this.#endAt
      const dt = at - this.#lastAt[row]!
      if (dt > 0) {
        const o = row * F
        const was = this.#lastCount[row]!
        this.table[o + IN_FLIGHT_MS]! += was * dt
        if (was >= this.#fullAt[row]!) this.table[o + FULL_MS]! += dt
        this.table[o + OBSERVED_MS]! += dt
        this.#lastAt[row] = at
      }
    }
    this.#lastCount[row] = inFlight
    if (inFlight > this.table[row * F + MAX_IN_FLIGHT]!) this.table[row * F + MAX_IN_FLIGHT] = inFlight
  }

  /** A session has bound (its first bind, or again after a drop): its times and addresses. */
  opened(s: EsmeSession, reconnect: boolean): void {
    const o = s.tag * F
    const t = this.table
    const l = s.link
    if (reconnect) t[o + BindField.reconnects]!++
    if (!Number.isNaN(l.tlsHandshakeMs)) {
      t[o + BindField.tlsLastMs] = l.tlsHandshakeMs
      if (!(t[o + BindField.tlsMaxMs]! >= l.tlsHandshakeMs)) t[o + BindField.tlsMaxMs] = l.tlsHandshakeMs
      this.#tlsMs.push(l.tlsHandshakeMs)
    }
    if (!Number.isNaN(l.bindMs)) {
      t[o + BindField.bindLastMs] = l.bindMs
      if (!(t[o + BindField.bindMaxMs]! >= l.bindMs)) t[o + BindField.bindMaxMs] = l.bindMs
      this.#bindMs.push(l.bindMs)
    }
    this.#endpoints.push({ row: s.tag, systemId: s.options.systemId, localAddress: l.localAddress, remoteAddress: l.remoteAddress })
  }

  /** An open failed: refused or unanswered bind (`bindRefused`), or no connection. */
  openFailed(row: number, bindRefused: boolean): void {
    this.count(row, bindRefused ? BindField.bindFailures : BindField.connectFailures)
  }

  /** The connection ended without our unbind, for `reason`; what was in flight is gone. */
  closed(row: number, reason: string, now: number): void {
    this.count(row, BindField.disconnects)
    const r = (this.#reasons[row] ??= {})
    r[reason] = (r[reason] ?? 0) + 1
    if (this.#reasonChanged[row] === 0) {
      this.#reasonChanged[row] = 1
      this.#changedReasons.push(row)
    }
    this.window(row, now, 0)
  }

  /** The table so far (a copy), with what changed since the last report. */
  report(now: number, sessions: readonly EsmeSession[]): BindHealthReport {
    const t = this.table
    for (const s of sessions) {
      const row = s.tag
      this.window(row, now, this.#lastCount[row]!)
      const o = row * F
      const l = s.link
      t[o + BindField.enquireLinks] = l.enquireLinks
      t[o + BindField.enquireSumMs] = l.enquireSumMs
      t[o + BindField.enquireMaxMs] = l.enquireMaxMs
    }
    const report: BindHealthReport = {
      table: t.slice(),
      endpoints: this.#endpoints,
      reasons: this.#changedReasons.map((row) => [row, { ...this.#reasons[row] }]),
      tlsMs: this.#tlsMs,
      bindMs: this.#bindMs,
    }
    this.#endpoints = []
    for (const row of this.#changedReasons) this.#reasonChanged[row] = 0
    this.#changedReasons = []
    this.#tlsMs = []
    this.#bindMs = []
    return report
  }
}
