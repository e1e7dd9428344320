// smpp-bench as a library: the SMPP v3.4 codec, short-message text, the ESME and SMSC sessions,
// the simulator, the load run and its result. `import … from 'smpp-bench'`. The codec and the text layer
// alone (pure: no sockets, timers or threads) are also 'smpp-bench/protocol' and 'smpp-bench/sms',
// the simulator alone 'smpp-bench/sim'. Guides: docs/protocol.md, docs/sim.md, docs/run.md, docs/api.md.
// Only what is exported here is the stable API; deeper modules may change.

// Errors
export { SmppBenchError, ConfigError, DecodeError, BindError } from './errors.js'

// Codec (docs/protocol.md) and short-message text
export * from './protocol/index.js'
export * from './sms/index.js'

// Sessions over a socket
export { EsmeSession, describeBindStatus } from './session/esme.js'
export type { EsmeBindMode, EsmeHandler, EsmeOptions, EsmeState } from './session/esme.js'
export { SmscSession, SessionEvent, SessionState } from './session/smsc.js'
export type { BindPdu, CloseReason, SmscHandler, SmscSessionOptions } from './session/smsc.js'

// Simulator (docs/sim.md)
export { startSimulator, startSimulatorInWorker, simConfig, parseAccounts, statusLine } from './sim/index.js'
export type { SimConfig, SimConfigInput, SimStats, SimTotals, SimulatorHandle } from './sim/index.js'

// Load runs (docs/api.md, docs/run.md): flags → RunConfig → runLoad → RunResult, or the engine alone
export { buildRunConfig } from './run/options.js'
export type { BuildEnv, RunFlags } from './run/options.js'
export type { DerivedValues, RunConfig, RunSettings, Stage } from './load/config.js'
export { runLoad, RunInterrupted } from './run/run.js'
export type { RunOptions, RunStreams } from './run/run.js'
export type { IntervalJson, RunResult } from './report/result.js'
export type { LatencyStats } from './load/main/aggregate.js'
export type { ThresholdResult } from './report/thresholds.js'
export { startEngine } from './load/main/engine.js'
export type { Engine, EngineOptions } from './load/main/engine.js'
export type { FinalReport, IntervalReport, WorkerToMain } from './load/messages.js'
export { processIo } from './cli/io.js'
export type { CliIo } from './cli/io.js'
