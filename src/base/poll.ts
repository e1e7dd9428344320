// Waiting for a condition with a bound: for tests, and for code that must wait for another
// thread's state without an event to wait on.

export interface PollOptions {
  /** Give up after this long (ms). Default 3000. */
  timeoutMs?: number
  /** Check this often (ms). Default 5. */
  everyMs?: number
  /** Named in the error when the time runs out. */
  what?: string
}

/** Resolves when cond() holds; rejects after timeoutMs naming what it waited for. */
export async function pollUntil(cond: () => boolean, o: PollOptions = {}): Promise<void> {
  const deadline = Date.now() + (o.timeoutMs ?? 3000)
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${o.what ?? 'condition'}`)
    await new Promise((r) => setTimeout(r, o.everyMs ?? 5))
  }
}
