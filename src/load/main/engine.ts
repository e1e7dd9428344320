// The main-thread side of the load engine: a piscina pool with one long task per worker, each
// given its share of the binds, the rate and the count, and a MessagePort (transferred) for its
// interval reports and our stop message. Never an AbortSignal: that would terminate the thread
// before it unbinds and posts its last histograms. At the end each worker says when its receipts
// are in, and all unbind together once every one has (docs/architecture.md).

import { MessageChannel } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import { Piscina } from 'piscina'
import { toWire } from '../../errors.js'
import { clockMs } from '../../base/clock.js'
import type { OnThrottle, RunConfig } from '../config.js'
import type { BindingMessage, FinalReport, RateMessage, ReadyMessage, SettledMessage, StartMessage, StopMessage, UnbindMessage, WorkerTask, WorkerToMain } from '../messages.js'
import { BindTally, type BindProgress } from './bind-tally.js'
import { workerFile } from './worker-url.js'
import { planWorkers } from './work-plan.js'

export interface EngineOptions {
  host: string
  port: number
  /** Every IntervalReport and FinalReport, as the workers post them. */
  onReport(m: WorkerToMain): void
  /** Start the schedules at this instant of the shared clock, or as soon as every worker has bound if that is later. */
  startAtMs?: number | undefined
  /** While the binds open: the run's progress over all workers. */
  onBindProgress?(p: BindProgress): void
}

export interface Engine {
  /**
   * graceful: stop sending, drain (≤ --timeout), wait for receipts (≤ --dlr-wait) until every
   * worker has, then unbind. false: close now.
   */
  stop(graceful: boolean): void
  /** Every worker's FinalReport (also posted through onReport), once all have finished. */
  done: Promise<FinalReport[]>
  /** The run's start on the shared clock (performance.timeOrigin + performance.now()). */
  startAtMs: number
  /** From atMs (shared clock) on, `rate` msg/s over all workers, on the same binds (RateMessage). */
  setRate(rate: number, atMs: number, onThrottle?: OnThrottle): void
}

export { splitWork, type WorkerShare } from './work-plan.js'

/** Workers get the common start time this long after the last is ready, so all receive it in time. */
const START_LEAD_MS = 20

/**
 * Starts the workers, waits until every one has bound (or failed), then starts all schedules at
 * the same moment (o.startAtMs if they were bound by then), which is the returned startAtMs.
 */
export async function startEngine(config: RunConfig, o: EngineOptions): Promise<Engine> {
  const shares = planWorkers(config)
  const { filename, execArgv } = workerFile()
  const pool = new Piscina({
    filename,
    minThreads: shares.length,
    maxThreads: shares.length,
    idleTimeout: Infinity,
    concurrentTasksPerWorker: 1,
    atomics: 'disabled',
    recordTiming: false,
    execArgv,
  })
  const createdAtMs = clockMs()
  const ports: MessagePort[] = []
  const readyFns: Array<() => void> = []
  const ready = shares.map((_, i) => new Promise<void>((r) => (readyFns[i] = r)))
  let finalsSeen = 0
  let allFinalsSeen: () => void = () => {}
  const finalsArrived = new Promise<void>((r) => (allFinalsSeen = r))
  // The receipt wait ends for the run as a whole: no worker unbinds while another still awaits
  // receipts, which the SMSC may deliver on any bind. A worker that ended counts as settled.
  const settled = new Array<boolean>(shares.length).fill(false)
  let settledCount = 0
  const settle = (workerId: number): void => {
    if (settled[workerId] === true) return
    settled[workerId] = true
    if (++settledCount < shares.length) return
    const m: UnbindMessage = { type: 'unbind' }
    for (const p of ports) p.postMessage(m)
  }
  // A port between every two workers, for receipts delivered on another worker's bind.
  const peers = shares.map(() => new Array<MessagePort | undefined>(shares.length).fill(undefined))
  for (let i = 0; i < shares.length; i++) {
    for (let j = i + 1; j < shares.length; j++) {
      if (shares[i]!.account !== shares[j]!.account) continue
      const { port1, port2 } = new MessageChannel()
      peers[i]![j] = port1
      peers[j]![i] = port2
    }
  }
  // In a scenario, a failed bind is told with its group's name and account.
  const groupNames = shares.map((s) => {
    const g = s.group === undefined ? undefined : config.groups?.[s.group.index]
    return g === undefined || (config.groups?.length ?? 0) < 2 ? undefined : { name: g.name, systemId: g.target.systemId }
  })
  const tally = new BindTally(shares.length, config.target.binds * (config.target.bind === 'tx+rx' ? 2 : 1), groupNames)
  const tasks = shares.map((share, workerId) => {
    const { port1, port2 } = new MessageChannel()
    port1.on('message', (m: WorkerToMain | ReadyMessage | SettledMessage | BindingMessage) => {
      if (m.type === 'binding') return o.onBindProgress?.(tally.update(m))
      if (m.type === 'ready') return readyFns[workerId]!()
      if (m.type === 'settled') return settle(workerId)
      o.onReport(m)
      if (m.type === 'final') {
        settle(workerId)
        readyFns[workerId]!()
        if (++finalsSeen === shares.length) allFinalsSeen()
      }
    })
    ports.push(port1)
    const mine = peers[workerId]!
    const task: WorkerTask = {
      workerId, binds: share.binds, rateShare: share.rateShare, count: share.count, config: share.config, group: share.group,
      host: share.host ?? o.host, port: share.port ?? o.port, startAtMs: createdAtMs, port2, awaitStart: true, awaitUnbind: true,
    }
    const transferList: MessagePort[] = [port2]
    if (mine.some((p) => p !== undefined)) {
      task.peers = mine
      for (const p of mine) if (p !== undefined) transferList.push(p)
    }
    return (pool.run(task, { transferList }) as Promise<FinalReport>).catch((err: unknown): FinalReport => {
      const final: FinalReport = { type: 'final', workerId, sendingEndedAtMs: 0, error: toWire(err) }
      o.onReport(final)
      settle(workerId)
      readyFns[workerId]!()
      if (++finalsSeen === shares.length) allFinalsSeen()
      return final
    })
  })
  // piscina unrefs its threads: keep the process alive until every worker has finished.
  const keepAlive = setInterval(() => {}, 60_000)
  const done = Promise.all(tasks).then(async (finals) => {
    clearInterval(keepAlive)
    // The reports travel on other ports than the task results: wait (bounded) for the last ones.
    let t: NodeJS.Timeout | undefined
    await Promise.race([finalsArrived, new Promise((r) => (t = setTimeout(r, 2000)))])
    clearTimeout(t)
    for (const p of ports) p.close()
    await pool.destroy()
    return finals
  })
  await Promise.all(ready)
  const startAtMs = Math.max(clockMs() + START_LEAD_MS, o.startAtMs ?? 0)
  const start: StartMessage = { type: 'start', startAtMs }
  for (const p of ports) p.postMessage(start)
  return {
    startAtMs,
    done,
    stop(graceful: boolean): void {
      const m: StopMessage = { type: 'stop', graceful }
      for (const p of ports) p.postMessage(m)
    },
    setRate(rate: number, atMs: number, onThrottle?: OnThrottle): void {
      const m: RateMessage = { type: 'rate', rate, atMs, onThrottle }
      for (const p of ports) p.postMessage(m)
    },
  }
}
