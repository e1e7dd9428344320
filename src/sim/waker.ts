// An alarm to the fraction of a millisecond, for responses held back by --latency. Node's timers
// fire on whole milliseconds and late (a 1 ms timer comes every 1.1–1.3 ms), so a response waiting
// for one leaves about a millisecond late. Here a helper thread sleeps in Atomics.wait on a shared
// word with the time left as its timeout — the kernel wakes it within about 0.1 ms of that — and
// then posts one message to this thread, whose handler writes what is due. Idle, it costs nothing:
// the helper is blocked, no timer is armed. One alarm at a time; set() moves it earlier or later.
//
// Shared words: SEQ changes with every set() (it is what the helper sleeps on), STOP ends it; the
// time is an epoch millisecond (base/clock.ts: comparable across threads). A wake the handler finds
// early or spurious only costs a look at the wheel.

import { Worker } from 'node:worker_threads'
import { TIME_ORIGIN } from '../base/clock.js'

const SEQ = 0
const STOP = 1

/** The helper thread (plain CommonJS: it runs the same from sources and from dist/). */
const HELPER = `
const { parentPort, workerData } = require('node:worker_threads')
const ctl = new Int32Array(workerData, 0, 2)
const at = new Float64Array(workerData, 8, 1)
const origin = performance.timeOrigin
for (;;) {
  const seq = Atomics.load(ctl, ${SEQ})
  if (Atomics.load(ctl, ${STOP}) !== 0) break
  const wait = at[0] - (origin + performance.now())
  if (wait > 0) {
    Atomics.wait(ctl, ${SEQ}, seq, wait)
    continue
  }
  parentPort.postMessage(0)
  Atomics.wait(ctl, ${SEQ}, seq)
}
`

/** What DelayedResponses needs of an alarm (a fake one in tests). */
export interface Alarm {
  /** The time set (performance.now() clock of this thread); Infinity when none. */
  readonly target: number
  /** Sets the alarm to atMs (replacing the one set); onWake(now, target, setAt) is called at about that time. */
  set(atMs: number): void
  /** Ends the helper; no wake after it. */
  stop(): Promise<void>
}

/** Called with the clock at the wake, the time that was set and when it was set. */
export type OnWake = (nowMs: number, targetMs: number, setAtMs: number) => void

export class Waker implements Alarm {
  readonly #ctl: Int32Array
  readonly #at: Float64Array
  readonly #worker: Worker
  readonly #onWake: OnWake
  #target = Infinity
  #setAt = 0
  /** The helper failed: a timer stands in (late by about a millisecond, never lost). */
  #fallback: NodeJS.Timeout | undefined
  #dead = false
  #stopped = false

  /** failed: told when the helper thread fails (the alarm goes on with a timer). */
  constructor(onWake: OnWake, failed: (err: unknown) => void) {
    const shared = new SharedArrayBuffer(16)
    this.#ctl = new Int32Array(shared, 0, 2)
    this.#at = new Float64Array(shared, 8, 1)
    this.#at[0] = Infinity
    this.#onWake = onWake
    this.#worker = new Worker(HELPER, { eval: true, workerData: shared })
    // Never what keeps a process alive: the sockets of the sessions it serves do that.
    this.#worker.unref()
    this.#worker.on('message', this.#fire)
    this.#worker.on('error', (err) => {
      this.#dead = true
      failed(err)
      if (this.#target !== Infinity) this.set(this.#target)
    })
  }

  get target(): number {
    return this.#target
  }

  set(atMs: number): void {
    if (this.#stopped) return
    this.#target = atMs
    this.#setAt = performance.now()
    if (this.#dead) {
      clearTimeout(this.#fallback)
      this.#fallback = setTimeout(this.#fire, Math.max(0, atMs - this.#setAt))
      return
    }
    this.#at[0] = TIME_ORIGIN + atMs
    Atomics.add(this.#ctl, SEQ, 1)
    Atomics.notify(this.#ctl, SEQ)
  }

  readonly #fire = (): void => {
    if (this.#stopped) return
    const target = this.#target
    this.#target = Infinity
    this.#onWake(performance.now(), target, this.#setAt)
  }

  async stop(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    clearTimeout(this.#fallback)
    Atomics.store(this.#ctl, STOP, 1)
    Atomics.add(this.#ctl, SEQ, 1)
    Atomics.notify(this.#ctl, SEQ)
    await this.#worker.terminate()
  }
}
