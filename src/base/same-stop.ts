// One stop often arrives as several signals: GNU timeout signals its child and then its whole
// process group, npx forwards a terminal's Ctrl-C that the group already got. A command that
// stops gracefully on the first SIGINT/SIGTERM takes a repeat within SAME_STOP_MS of it as the
// same stop; only a later one asks to quit at once.

export type StopSignal = 'SIGINT' | 'SIGTERM'

/** A signal this soon after the first is part of the same stop. */
export const SAME_STOP_MS = 1000

/** first: begin the stop; repeat: the same stop again (ignore it); again: quit at once. */
export type StopKind = 'first' | 'repeat' | 'again'

export class SameStop {
  /** The signal that began the stop, or null while none came. */
  first: StopSignal | null = null
  #firstAtMs = 0
  readonly #now: () => number

  /** `now`: a monotonic clock in ms (tests move their own). */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now
  }

  take(signal: StopSignal): StopKind {
    const now = this.#now()
    if (this.first === null) {
      this.first = signal
      this.#firstAtMs = now
      return 'first'
    }
    return now - this.#firstAtMs < SAME_STOP_MS ? 'repeat' : 'again'
  }

  /**
   * Calls `off` (stop listening) once no repeat of the stop can come: at once when none is due,
   * else when the window ends, and the process waits for that. Until then the listeners take what
   * comes as a repeat: one that came while the process exits (its signal handlers are gone by
   * then) would kill it, and its exit code would say so.
   */
  release(off: () => void): void {
    const left = this.first === null ? 0 : this.#firstAtMs + SAME_STOP_MS - this.#now()
    if (left <= 0) off()
    else setTimeout(off, left)
  }
}
