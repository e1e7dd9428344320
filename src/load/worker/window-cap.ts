// The window an SMSC allows each bind, learnt from ESME_RMSGQFUL (--on-throttle backoff): a
// queue-full answer says the SMSC holds as many of the bind's submits unanswered as it will, so
// the bind keeps at most that many in flight — the submits it had unanswered when it sent the
// refused one, which is what the SMSC held when it came, or a little more (answers on their way)
// — instead of slowing its rate and pausing, which
// only turns the full queue into a backlog sent in a burst that fills it again. A refusal of a
// submit sent under the cap lowers the cap by one; each PROBE_MS without a refusal the cap grows
// by one, to find a window that was raised (past the bind's --window it holds nothing back).

/** A bind with no refusal for this long tries one more submit in flight. */
const PROBE_MS = 1000
/** Past this the cap is dropped (no --window is this large). */
const MAX_CAP = 1 << 20

export class WindowCap {
  /** Submits the bind may keep in flight (Infinity until the SMSC refuses one: its --window alone). */
  readonly cap: Float64Array
  /** When each bind's cap last changed (ms, shared clock). */
  readonly #changedAt: Float64Array

  constructor(binds: number) {
    this.cap = new Float64Array(binds).fill(Infinity)
    this.#changedAt = new Float64Array(binds).fill(-Infinity)
  }

  /** What the bind may send now with `inFlight` unanswered and `free` by its own window. */
  free(tag: number, inFlight: number, free: number): number {
    const room = this.cap[tag]! - inFlight
    return room < free ? room : free
  }

  /**
   * The bind's submit sent at `sentAt` was refused with ESME_RMSGQFUL at `now`; the bind had
   * `older` submits unanswered when it sent it: the SMSC's window is at most that.
   */
  queueFull(tag: number, now: number, sentAt: number, older: number): void {
    const cap = this.cap[tag]!
    if (older < cap) this.#set(tag, Math.max(1, older), now)
    else if (sentAt >= this.#changedAt[tag]!) this.#set(tag, Math.max(1, cap - 1), now)
  }

  /** Every housekeeping tick: a bind refused nothing for PROBE_MS tries one more in flight. */
  tick(now: number): void {
    for (let tag = 0; tag < this.cap.length; tag++) {
      const cap = this.cap[tag]!
      if (cap !== Infinity && now - this.#changedAt[tag]! >= PROBE_MS) this.#set(tag, cap < MAX_CAP ? cap + 1 : Infinity, now)
    }
  }

  /** A new target rate: every bind starts again from its --window. */
  restart(): void {
    this.cap.fill(Infinity)
    this.#changedAt.fill(-Infinity)
  }

  #set(tag: number, cap: number, now: number): void {
    this.cap[tag] = cap
    this.#changedAt[tag] = now
  }
}
