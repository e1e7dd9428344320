// How `decode` prints a PDU: pretty JSON on stdout (field names as the spec's), or the error
// with the command_status a receiver must answer on stderr.

import { DecodeError } from '../errors.js'
import { decode, hex32, statusName } from '../protocol/index.js'
import type { DefaultAlphabet } from '../sms/index.js'
import type { CliIo } from './io.js'
import { pduToJson } from './pdu-json.js'

export interface DecodeFlags {
  pcap?: string
  alphabet: DefaultAlphabet
  strict?: boolean
  compact?: boolean
  showPassword?: boolean
}

/** One line for stderr: `decode error: ESME_RINVCMDLEN (0x00000002): why (at octet 56, sequence_number 3)`. */
export function describeDecodeError(err: DecodeError, offset: number): string {
  const where: string[] = []
  if (offset > 0) where.push(`at octet ${offset}`)
  if (err.sequenceNumber !== undefined) where.push(`sequence_number ${err.sequenceNumber}`)
  const suffix = where.length > 0 ? ` (${where.join(', ')})` : ''
  return `decode error: ${statusName(err.commandStatus)} (${hex32(err.commandStatus)}): ${err.message}${suffix}`
}

/**
 * Decodes the PDU of `length` octets at `offset` and prints it as JSON (`where` first: the frame
 * and stream of a capture), or its error on stderr. Returns whether it decoded.
 */
export function printPdu(buf: Buffer, offset: number, length: number, io: CliIo, flags: DecodeFlags, where: Record<string, unknown> = {}): boolean {
  try {
    const pdu = decode(buf, offset, length, { lenientLengths: flags.strict !== true })
    const json = { ...where, ...pduToJson(pdu, length, { defaultAlphabet: flags.alphabet, showPassword: flags.showPassword === true }) }
    io.stdout.write(JSON.stringify(json, null, flags.compact === true ? undefined : 2) + '\n')
    return true
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err
    const at = Object.keys(where).length > 0 ? ` in ${Object.values(where).join(', ')}` : ''
    io.stderr.write(describeDecodeError(err, offset) + at + '\n')
    return false
  }
}
