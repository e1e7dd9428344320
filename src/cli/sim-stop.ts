// When `sim` stops: on the first SIGINT/SIGTERM (or when a test aborts), it unbinds every session
// and writes its totals. A repeat within a second is the same stop (GNU timeout and npx deliver
// one stop as several signals); a later one quits at once, since unbinding may wait for answers.

import { SameStop, type StopSignal } from '../base/same-stop.js'
import type { CliIo } from './io.js'

export const EXIT_INTERRUPTED = 130

export interface SimStop {
  /** Resolves with what asked for the stop: 'SIGINT', 'SIGTERM' or 'stop' (the abort signal). */
  requested: Promise<string>
  /** The totals are out: stop listening. */
  release(): void
}

export function simStop(io: CliIo, abort: AbortSignal | undefined): SimStop {
  const stops = new SameStop()
  let resolve: (why: string) => void = () => {}
  const requested = new Promise<string>((r) => (resolve = r))
  const on = (signal: StopSignal): void => {
    const kind = stops.take(signal)
    if (kind === 'first') resolve(signal)
    else if (kind === 'again') {
      io.stderr.write(`quit by a second ${signal} before the totals were written\n`)
      process.exit(EXIT_INTERRUPTED)
    }
  }
  const onInt = (): void => on('SIGINT')
  const onTerm = (): void => on('SIGTERM')
  const onAbort = (): void => resolve('stop')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  abort?.addEventListener('abort', onAbort)
  return {
    requested,
    release: () => {
      abort?.removeEventListener('abort', onAbort)
      stops.release(() => {
        process.off('SIGINT', onInt)
        process.off('SIGTERM', onTerm)
      })
    },
  }
}
