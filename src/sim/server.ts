// The SMSC simulator: a TCP server whose sessions (src/session/smsc.ts) bind against the accounts
// and hand their submissions to the accept path (submissions.ts) and their other requests to
// requests.ts. Answers go into each session's pooled output, flushed once per turn. Receipts and
// late responses wait on 1 ms timer wheels: receipts driven by one 1 ms tick, which runs only while
// one is scheduled, late responses by an alarm to the fraction of a millisecond (delayed.ts); a
// 100 ms housekeeping tick drives the session timers, MO traffic and held receipts.

import { createServer, type Server, type Socket } from 'node:net'
import { clockMs } from '../base/clock.js'
import { createServer as createTlsServer } from 'node:tls'
import { CommandStatus as S } from '../protocol/constants.js'
import type { Pdu } from '../protocol/pdu.js'
import { SessionState, SmscSession, type BindPdu, type CloseReason, type SessionEventValue, type SmscHandler } from '../session/smsc.js'
import { AccountRegistry } from './accounts.js'
import { BindCtx, type SimSession } from './bind-ctx.js'
import type { SimConfig } from './config.js'
import { LatencySampler } from './behaviour/latency.js'
import { DelayedResponses } from './delayed.js'
import { DlrScheduler } from './dlr.js'
import { MessageIds } from './ids.js'
import { emitMo } from './mo.js'
import { handleRequest, type SimCore } from './requests.js'
import { bump, newStatsArray, readStats, StatField as F, type SimStats, type SimTotals } from './stats.js'
import { MessageStore } from './store.js'
import { CLOSE_COUNTER, EVENT_COUNTER, GAUGE_OF_STATE } from './session-counters.js'
import { Submissions } from './submissions.js'
import { Throttles } from './throttle.js'

const HOUSEKEEPING_MS = 100
/** How long stop() waits for unbind_resp before closing the rest. */
const STOP_WAIT_MS = 1000

/** An exception with its stack, for a bug report. */
function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err)
}

export class SimServer implements SmscHandler<BindCtx>, SimCore {
  readonly config: SimConfig
  readonly stats: Float64Array
  readonly accounts: AccountRegistry
  readonly ids = new MessageIds()
  readonly store: MessageStore
  readonly dlr: DlrScheduler
  readonly delayed: DelayedResponses
  readonly submissions: Submissions
  readonly #server: Server
  readonly #sessions: Array<SimSession | undefined> = []
  readonly #freeIds: number[] = []
  readonly #throttles = new Throttles()
  #dirty: SimSession[] = []
  #flushQueued = false
  #tick: NodeJS.Timeout | undefined
  #housekeeping: NodeJS.Timeout | undefined
  #lastHousekeeping = 0
  #startedAt = 0
  #stopping: Promise<SimTotals> | undefined
  /** The last exception that closed a session (sessionErrors), with its stack: for a bug report. */
  lastSessionError: string | undefined
  /** The last exception of ours outside a session's request handling (internalErrors), with its stack. */
  lastInternalError: string | undefined

  constructor(config: SimConfig, stats: Float64Array = newStatsArray()) {
    this.config = config
    this.stats = stats
    this.accounts = new AccountRegistry(config)
    this.store = new MessageStore(config.storeSize)
    this.dlr = new DlrScheduler({
      accounts: this.accounts,
      ids: this.ids,
      stats,
      maxPending: config.maxPendingDlr,
      maxPendingPerAccount: config.maxPendingDlrPerAccount,
      holdMs: config.dlrHoldMs,
      responseTimeoutMs: config.responseTimeoutMs,
      retries: config.dlrRetries,
      isCancelled: (num) => this.store.isCancelled(num),
      wake: () => this.#ensureTick(),
      failed: this.#internalError,
    })
    this.delayed = new DelayedResponses({ ids: this.ids, failed: this.#internalError, congestion: config.congestionState, flush: this.#flushAll })
    this.submissions = new Submissions({
      stats,
      ids: this.ids,
      store: this.store,
      dlr: this.dlr,
      delayed: this.delayed,
      congestionState: config.congestionState,
    })
    const accept = (socket: Socket): void => this.#accept(socket)
    const t = config.tls
    // With TLS a session starts once the handshake is done; a failed handshake never becomes one.
    this.#server = t === undefined
      ? createServer({ noDelay: true }, accept)
      : createTlsServer({ noDelay: true, cert: t.cert, key: t.key, ca: t.ca, requestCert: t.requireClientCert, rejectUnauthorized: t.requireClientCert }, accept)
  }

  /** Listens; resolves with the port (the free one chosen when config.port is 0). */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(this.config.port, this.config.host, () => {
        this.#server.off('error', reject)
        resolve()
      })
    })
    this.#startedAt = performance.now()
    this.#lastHousekeeping = this.#startedAt
    this.#housekeeping = setInterval(this.#onHousekeeping, HOUSEKEEPING_MS)
    // The late responses' alarm thread, ready before the first one (else started by it).
    if (this.accounts.list.some((a) => new LatencySampler(a.behaviour).active) || new LatencySampler(this.config.behaviour).active) this.delayed.prepare()
    const address = this.#server.address()
    return typeof address === 'object' && address !== null ? address.port : this.config.port
  }

  snapshot(): SimStats {
    return readStats(this.stats)
  }

  /** Open sessions (for tests: nothing may leak). */
  get sessionCount(): number {
    return this.#sessions.length - this.#freeIds.length
  }

  /** The remote address:port of every open session (for tests: where the connections came from). */
  get peers(): string[] {
    return this.#sessions.flatMap((s) => (s === undefined ? [] : [s.remoteAddress]))
  }

  /** True while a timer of the simulator is armed or its alarm thread runs (for tests: stop() must end them all). */
  get ticking(): boolean {
    return this.#tick !== undefined || this.#housekeeping !== undefined || this.delayed.waking
  }

  // ---- connections ---------------------------------------------------------------------------

  #accept(socket: Socket): void {
    if (this.#stopping !== undefined) {
      socket.destroy()
      return
    }
    if (this.sessionCount >= this.config.maxConnections) {
      // Each connection holds buffers and a session: beyond the bound, closed before it costs any.
      socket.destroy()
      bump(this.stats, F.connectionsRefused)
      return
    }
    const id = this.#freeIds.pop() ?? this.#sessions.length
    const s: SimSession = new SmscSession<BindCtx>(
      id,
      socket,
      this,
      {
        systemId: this.config.systemId,
        sessionInitMs: this.config.sessionInitMs,
        responseTimeoutMs: this.config.responseTimeoutMs,
        pduTimeoutMs: this.config.pduTimeoutMs,
        maxCommandLength: this.config.maxCommandLength,
        deliverWindow: this.config.deliverWindow,
      },
      performance.now(),
      this.#markDirty,
    )
    this.#sessions[id] = s
    bump(this.stats, F.connections)
    bump(this.stats, F.connectionsTotal)
  }

  readonly #markDirty = (s: SimSession): void => {
    this.#dirty.push(s)
    if (!this.#flushQueued) {
      this.#flushQueued = true
      process.nextTick(this.#flushAll)
    }
  }

  /** One socket write per dirty session per turn. */
  readonly #flushAll = (): void => {
    this.#flushQueued = false
    const dirty = this.#dirty
    this.#dirty = []
    for (const s of dirty) s.flush()
  }

  onBind(_s: SimSession, pdu: BindPdu): BindCtx | number {
    // A failed bind (counted as bindsFailed when the session closes right after it).
    const account = this.accounts.authenticate(pdu.system_id, pdu.password)
    if (account === 'full') bump(this.stats, F.bindsOverOpenAccounts)
    if (typeof account === 'string') return S.ESME_RBINDFAIL
    const b = account.behaviour
    if (b.maxBinds !== undefined && account.bound >= b.maxBinds) {
      bump(this.stats, F.bindsOverMaxBinds)
      return b.maxBindsStatus
    }
    account.bound++ // (until the session closes: onClosed)
    const now = clockMs()
    return new BindCtx(account, this.#throttles.forBind(account.index, b, now), this.#throttles.ownOfBind(b, now))
  }

  onBound(s: SimSession): void {
    const ctx = s.ctx as BindCtx
    bump(this.stats, F.bindsOk)
    bump(this.stats, GAUGE_OF_STATE[s.state] as number)
    s.timers.enquireLinkMs = ctx.behaviour.enquireLinkMs
    s.timers.idleTimeoutMs = ctx.behaviour.idleTimeoutMs
    s.timers.unbindAfterMs = ctx.behaviour.unbindAfterMs
    if (s.receives) {
      ctx.account.receivers.push(s)
      this.dlr.release(ctx.account, performance.now())
    }
  }

  onClosed(s: SimSession, reason: CloseReason): void {
    if (this.#sessions[s.id] !== s) return
    this.#sessions[s.id] = undefined
    this.#freeIds.push(s.id)
    bump(this.stats, F.connections, -1)
    const counter = CLOSE_COUNTER[reason]
    if (counter !== undefined) bump(this.stats, counter)
    if (reason === 'internal-error') this.lastSessionError = describe(s.error)
    const gauge = GAUGE_OF_STATE[s.boundAs]
    if (gauge !== undefined) bump(this.stats, gauge, -1)
    if (s.ctx !== undefined) s.ctx.account.bound--
    // The session has left the registry and the gauges: a failure below costs only its receipts'
    // hand-back (the ones it had in flight come back when their response timeout fires).
    try {
      this.#forgetReceiver(s)
    } catch (err) {
      this.#internalError(err)
    }
  }

  #forgetReceiver(s: SimSession): void {
    const ctx = s.ctx
    if (ctx !== undefined && (s.boundAs === SessionState.BOUND_RX || s.boundAs === SessionState.BOUND_TRX)) {
      const rs = ctx.account.receivers
      const i = rs.indexOf(s)
      if (i >= 0) rs.splice(i, 1)
      this.dlr.onSessionClosed(s, performance.now())
    }
  }

  onEvent(_s: SimSession, event: SessionEventValue): void {
    bump(this.stats, EVENT_COUNTER[event])
  }

  onDeliverResp(s: SimSession, seq: number, status: number): void {
    const now = s.lastRxMs
    if (!this.dlr.onResponse(s, seq, status, now)) {
      bump(this.stats, F.moAcked)
      return
    }
    this.dlr.release((s.ctx as BindCtx).account, now)
  }

  onRequest(s: SimSession, pdu: Pdu): void {
    handleRequest(this, s, pdu)
  }

  onSubmitSm(s: SimSession, buf: Buffer, off: number, len: number): void {
    this.submissions.submitSm(s, buf, off, len)
  }

  // ---- ticks ---------------------------------------------------------------------------------

  #ensureTick(): void {
    if (this.#tick === undefined && this.#stopping === undefined) this.#tick = setInterval(this.#onTick, 1)
  }

  readonly #onTick = (): void => {
    this.dlr.tick(performance.now())
    if (!this.dlr.busy && this.#tick !== undefined) {
      clearInterval(this.#tick)
      this.#tick = undefined
    }
  }

  /**
   * Session timers, held receipts, MO. Ten times a second, so each session and account is guarded
   * on its own: an exception skips that one's step for this pass (counted), the rest go on.
   */
  readonly #onHousekeeping = (): void => {
    const now = performance.now()
    const elapsed = now - this.#lastHousekeeping
    this.#lastHousekeeping = now
    for (const s of this.#sessions) {
      if (s === undefined) continue
      try {
        s.checkTimers(now)
      } catch (err) {
        this.#internalError(err)
      }
    }
    for (const account of this.accounts.list) {
      this.dlr.expire(account, now) // (never throws, as release: drops the receipt that did)
      if (account.receivers.length === 0) continue
      this.dlr.release(account, now)
      try {
        emitMo(account, elapsed, this.stats)
      } catch (err) {
        this.#internalError(err)
      }
    }
  }

  /** Counts an exception of ours outside a session's request handling and keeps it for a report. */
  readonly #internalError = (err: unknown): void => {
    bump(this.stats, F.internalErrors)
    this.lastInternalError = describe(err)
  }

  /** Unbinds every session (waiting briefly for unbind_resp), closes the server, returns the totals. */
  stop(): Promise<SimTotals> {
    this.#stopping ??= this.#stop()
    return this.#stopping
  }

  async #stop(): Promise<SimTotals> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()))
    const now = performance.now()
    // What --latency still holds goes out first: the ESME reads its answers before the unbind.
    this.delayed.writeAll()
    for (const s of this.#sessions) s?.unbind(now)
    const deadline = now + Math.min(STOP_WAIT_MS, this.config.responseTimeoutMs)
    while (this.sessionCount > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    for (const s of this.#sessions) s?.destroy()
    if (this.#tick !== undefined) clearInterval(this.#tick)
    if (this.#housekeeping !== undefined) clearInterval(this.#housekeeping)
    this.#tick = this.#housekeeping = undefined
    await this.delayed.stop()
    await closed
    return { ...readStats(this.stats), uptimeMs: Math.round(performance.now() - this.#startedAt) }
  }
}
