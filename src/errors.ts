// Typed errors with stable codes. Errors that cross a worker boundary lose their prototype,
// so each carries plain data (code, message, commandStatus) that toWire/fromWire can move.

export class SmppBenchError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = new.target.name
    this.code = code
  }
}

/** A bad flag or configuration value. The CLI prints it and exits 2. */
export class ConfigError extends SmppBenchError {
  readonly flag: string | undefined
  constructor(message: string, flag?: string) {
    super('ERR_CONFIG', flag === undefined ? message : `${flag}: ${message}`)
    this.flag = flag
  }
}

/**
 * A PDU that cannot be decoded. `commandStatus` is what the receiver must answer with
 * (in generic_nack or the PDU's own _resp); `sequenceNumber` is set when the header was readable.
 */
export class DecodeError extends SmppBenchError {
  readonly commandStatus: number
  readonly commandId: number | undefined
  readonly sequenceNumber: number | undefined
  /** True when the stream cannot be re-synchronised (bad command_length): answer, then close. */
  readonly fatal: boolean
  constructor(
    message: string,
    commandStatus: number,
    opts: { commandId?: number | undefined; sequenceNumber?: number | undefined; fatal?: boolean } = {},
  ) {
    super('ERR_SMPP_DECODE', message)
    this.commandStatus = commandStatus
    this.commandId = opts.commandId
    this.sequenceNumber = opts.sequenceNumber
    this.fatal = opts.fatal ?? false
  }
}

/** The SMSC refused a bind (or could not be reached). The CLI exits 3. */
export class BindError extends SmppBenchError {
  readonly commandStatus: number | undefined
  constructor(message: string, commandStatus?: number) {
    super('ERR_SMPP_BIND_FAILED', message)
    this.commandStatus = commandStatus
  }
}

/** Plain form of an error for postMessage. */
export interface WireError {
  name: string
  code: string
  message: string
  commandStatus?: number
}

export function toWire(err: unknown): WireError {
  if (err instanceof SmppBenchError) {
    const w: WireError = { name: err.name, code: err.code, message: err.message }
    if ((err instanceof DecodeError || err instanceof BindError) && err.commandStatus !== undefined) {
      w.commandStatus = err.commandStatus
    }
    return w
  }
  if (err instanceof Error) return { name: err.name, code: 'ERR_INTERNAL', message: err.message }
  return { name: 'Error', code: 'ERR_INTERNAL', message: String(err) }
}

export function fromWire(w: WireError): Error {
  switch (w.code) {
    case 'ERR_CONFIG':
      return new ConfigError(w.message)
    case 'ERR_SMPP_BIND_FAILED':
      return new BindError(w.message, w.commandStatus)
    case 'ERR_SMPP_DECODE':
      return new DecodeError(w.message, w.commandStatus ?? 0)
    default:
      return new SmppBenchError(w.code, w.message)
  }
}
