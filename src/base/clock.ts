// The one clock every thread of a run reads: milliseconds since the epoch, with sub-millisecond
// resolution, comparable across worker threads (each thread's performance.now() counts from its
// own start, so it is offset by that thread's timeOrigin).

/** performance.timeOrigin is a slow getter and never changes within a thread: read it once. */
export const TIME_ORIGIN = performance.timeOrigin

/** Milliseconds on a clock shared by all threads of the process (and comparable across them). */
export function clockMs(): number {
  return TIME_ORIGIN + performance.now()
}

/** A performance.now() reading of this thread on the shared clock. */
export function epochOf(perfMs: number): number {
  return TIME_ORIGIN + perfMs
}
