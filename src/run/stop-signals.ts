// Ctrl-C (SIGINT) and SIGTERM during a run. While connecting and binding (nothing sent yet) the
// first one quits at once: a silent SMSC would otherwise hold the run for --timeout. After that the
// first one stops sending gracefully (drain the window, wait for receipts) and the run still ends
// with its summary; a second one quits at once, without a result. A repeat within a second of
// the first is the same stop (base/same-stop.ts): `timeout` and npx deliver one stop as several.

import type { EventEmitter } from 'node:events'
import { SameStop, type StopSignal } from '../base/same-stop.js'

export type { StopSignal }
/** How the run was quit: while binding, or by a second signal. */
export type Quit = 'binding' | 'hard'

export interface StopActions {
  /** The first signal after the binds are up: stop sending, drain, wait for receipts. */
  graceful(signal: StopSignal): void
  /** A second signal, a second or more after the first: stop now. */
  hard(signal: StopSignal): void
}

export class StopSignals {
  /** The first signal that came, or null while none has. */
  stoppedBy: StopSignal | null = null
  /** The signal that quit the run at once after a graceful stop began, or null. */
  quitBy: StopSignal | null = null
  /** Resolves when the run is to be quit without a result. */
  readonly quit: Promise<Quit>
  readonly #source: EventEmitter
  readonly #actions: StopActions
  #binding = true
  readonly #stops: SameStop
  #resolve: (q: Quit) => void = () => {}
  readonly #onSigint = (): void => this.#on('SIGINT')
  readonly #onSigterm = (): void => this.#on('SIGTERM')

  /** `now`: the clock signals are timed by (performance.now by default; tests move their own). */
  constructor(source: EventEmitter, actions: StopActions, now?: () => number) {
    this.#source = source
    this.#actions = actions
    this.#stops = new SameStop(now)
    this.quit = new Promise<Quit>((resolve) => (this.#resolve = resolve))
    source.on('SIGINT', this.#onSigint)
    source.on('SIGTERM', this.#onSigterm)
  }

  /** The binds are up: from now on the first signal stops gracefully. */
  bound(): void {
    this.#binding = false
  }

  /** The run is over: stop listening once no repeat of its stop can come. */
  detach(): void {
    this.#stops.release(() => {
      this.#source.off('SIGINT', this.#onSigint)
      this.#source.off('SIGTERM', this.#onSigterm)
    })
  }

  #on(signal: StopSignal): void {
    const kind = this.#stops.take(signal)
    if (kind === 'repeat') return
    if (this.#binding) {
      this.stoppedBy ??= signal
      this.#resolve('binding')
    } else if (kind === 'first') {
      this.stoppedBy = signal
      this.#actions.graceful(signal)
    } else {
      this.quitBy = signal
      this.#actions.hard(signal)
      this.#resolve('hard')
    }
  }
}
