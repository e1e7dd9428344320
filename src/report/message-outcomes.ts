// What became of each message, counted once however often it was resent: the figure an SMS
// operator asks for ("5000 due, 2548 accepted, 2452 given up after --retries, 0 not sent"). The
// submit_sm accounting counts PDUs, so a retried message is in it once per attempt.

/** JSON `messages`: outcomes per message. Counts of submit_sm are in `submit`. */
export interface MessageOutcomes {
  /** Messages that fell due: sent at least once, plus those never sent (`notSent`). */
  due: number
  /** Answered ESME_ROK. null for a split text: its parts are answered one by one (see `submit`). */
  accepted: number | null
  /** Given up after --retries throttle / queue-full answers (or throttled when sending was over). null for a split text: its parts are given up one by one (submit.abandoned). */
  abandoned: number | null
  /** The last answer an error: rejected, timed out, lost, or throttled and not resent (--on-throttle ignore, or sending over). null for a split text. */
  failed: number | null
  /** Still unanswered at the end. null for a split text. */
  inFlightAtEnd: number | null
  /** Due by the end of a time-bounded profile but never sent: behind schedule at --duration. */
  notSent: number
  /** due − (accepted + abandoned + failed + inFlightAtEnd + notSent): 0 when it closes; null for a split text. */
  unaccounted: number | null
}

/** The submit_sm counts (RunResult.submit) the outcomes are derived from. */
export interface SubmitCounts {
  sent: number
  ok: number
  throttled: number
  queueFull: number
  rejectedTotal: number
  retried: number
  timedOut: number
  lost: number
  inFlightAtEnd: number
}

/**
 * Each message is sent once plus once per resend (`retried` counts every resent part), so
 * messages sent = (sent − retried) / parts — or, for a mix whose messages take different parts
 * (parts its mean), `messagesSent` as counted. With one part per message, each one's last answer
 * is ok, an error, a throttle not resent (of which `abandoned` are those given up after
 * --retries), or none yet. More abandoned than such throttles leaves the accounting open.
 */
export function messageOutcomes(s: SubmitCounts, abandoned: number, notSent: number, parts: number, messagesSent?: number): MessageOutcomes {
  const sentOnce = messagesSent ?? Math.round((s.sent - s.retried) / Math.max(1, parts))
  const due = sentOnce + notSent
  if (parts > 1) return { due, accepted: null, abandoned: null, failed: null, inFlightAtEnd: null, notSent, unaccounted: null }
  const throttledLast = s.throttled + s.queueFull - s.retried
  const failed = s.rejectedTotal + s.timedOut + s.lost + Math.max(0, throttledLast - abandoned)
  const unaccounted = due - (s.ok + abandoned + failed + s.inFlightAtEnd + notSent)
  return { due, accepted: s.ok, abandoned, failed, inFlightAtEnd: s.inFlightAtEnd, notSent, unaccounted }
}

/** Whether the message block says more than the submit_sm table: resends, give-ups or unsent messages. */
export function messagesDifferFromSubmits(m: MessageOutcomes, retried: number, parts: number): boolean {
  return retried > 0 || (m.abandoned ?? 0) > 0 || m.notSent > 0 || parts > 1
}

/** The outcomes of several bind groups added up: a figure null in any group (a split text's) is null in the sum. */
export function sumOutcomes(os: readonly MessageOutcomes[]): MessageOutcomes {
  const add = (k: keyof MessageOutcomes): number | null =>
    os.some((o) => o[k] === null) ? null : os.reduce((n, o) => n + (o[k] ?? 0), 0)
  return {
    due: add('due') ?? 0, accepted: add('accepted'), abandoned: add('abandoned'), failed: add('failed'),
    inFlightAtEnd: add('inFlightAtEnd'), notSent: add('notSent') ?? 0, unaccounted: add('unaccounted'),
  }
}
