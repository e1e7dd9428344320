// Ctrl-C (SIGINT) and SIGTERM during a run. While connecting and binding (nothing sent yet) the
// first one quits at once: a silent SMSC would otherwise hold the run for --timeout. After that the
// first one stops sending gracefully (drain the window, wait for receipts) and the run still ends
// with its summary; a second one quits at once, without a result.

import type { EventEmitter } from 'node:events'

export type StopSignal = 'SIGINT' | 'SIGTERM'
/** How the run was quit: while binding, or by a second signal. */
export type Quit = 'binding' | 'hard'

export interface StopActions {
  /** The first signal after the binds are up: stop sending, drain, wait for receipts. */
  graceful(signal: StopSignal): void
  /** A second signal: stop now. */
  hard(): void
}

export class StopSignals {
  /** The first signal that came, or null while none has. */
  stoppedBy: StopSignal | null = null
  /** Resolves when the run is to be quit without a result. */
  readonly quit: Promise<Quit>
  readonly #source: EventEmitter
  readonly #actions: StopActions
  #binding = true
  #count = 0
  #resolve: (q: Quit) => void = () => {}
  readonly #onSigint = (): void => this.#on('SIGINT')
  readonly #onSigterm = (): void => this.#on('SIGTERM')

  constructor(source: EventEmitter, actions: StopActions) {
    this.#source = source
    this.#actions = actions
    this.quit = new Promise<Quit>((resolve) => (this.#resolve = resolve))
    source.on('SIGINT', this.#onSigint)
    source.on('SIGTERM', this.#onSigterm)
  }

  /** The binds are up: from now on the first signal stops gracefully. */
  bound(): void {
    this.#binding = false
  }

  detach(): void {
    this.#source.off('SIGINT', this.#onSigint)
    this.#source.off('SIGTERM', this.#onSigterm)
  }

  #on(signal: StopSignal): void {
    this.#count++
    if (this.#binding) {
      this.stoppedBy ??= signal
      this.#resolve('binding')
    } else if (this.#count === 1) {
      this.stoppedBy = signal
      this.#actions.graceful(signal)
    } else {
      this.#actions.hard()
      this.#resolve('hard')
    }
  }
}
