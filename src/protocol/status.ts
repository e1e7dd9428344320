// command_status codes (SMPP v3.4, 5.1.3 command_status): names, short meanings, and parsing/formatting helpers.

/** The 8-digit lower-case hex form used for unknown ids and codes, e.g. `0x0000abcd`. */
export function hex32(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0')
}

/**
 * command_status codes: every v3.4 code, the v5.0 names of 0xC0–0xC4 as aliases,
 * and the v5-only codes 0x100–0x112.
 */
export const CommandStatus = {
  ESME_ROK: 0x00000000,
  ESME_RINVMSGLEN: 0x00000001,
  ESME_RINVCMDLEN: 0x00000002,
  ESME_RINVCMDID: 0x00000003,
  ESME_RINVBNDSTS: 0x00000004,
  ESME_RALYBND: 0x00000005,
  ESME_RINVPRTFLG: 0x00000006,
  ESME_RINVREGDLVFLG: 0x00000007,
  ESME_RSYSERR: 0x00000008,
  ESME_RINVSRCADR: 0x0000000a,
  ESME_RINVDSTADR: 0x0000000b,
  ESME_RINVMSGID: 0x0000000c,
  ESME_RBINDFAIL: 0x0000000d,
  ESME_RINVPASWD: 0x0000000e,
  ESME_RINVSYSID: 0x0000000f,
  ESME_RCANCELFAIL: 0x00000011,
  ESME_RREPLACEFAIL: 0x00000013,
  ESME_RMSGQFUL: 0x00000014,
  ESME_RINVSERTYP: 0x00000015,
  ESME_RINVNUMDESTS: 0x00000033,
  ESME_RINVDLNAME: 0x00000034,
  ESME_RINVDESTFLAG: 0x00000040,
  ESME_RINVSUBREP: 0x00000042,
  ESME_RINVESMCLASS: 0x00000043,
  ESME_RCNTSUBDL: 0x00000044,
  ESME_RSUBMITFAIL: 0x00000045,
  ESME_RINVSRCTON: 0x00000048,
  ESME_RINVSRCNPI: 0x00000049,
  ESME_RINVDSTTON: 0x00000050,
  ESME_RINVDSTNPI: 0x00000051,
  ESME_RINVSYSTYP: 0x00000053,
  ESME_RINVREPFLAG: 0x00000054,
  ESME_RINVNUMMSGS: 0x00000055,
  ESME_RTHROTTLED: 0x00000058,
  ESME_RINVSCHED: 0x00000061,
  ESME_RINVEXPIRY: 0x00000062,
  ESME_RINVDFTMSGID: 0x00000063,
  ESME_RX_T_APPN: 0x00000064,
  ESME_RX_P_APPN: 0x00000065,
  ESME_RX_R_APPN: 0x00000066,
  ESME_RQUERYFAIL: 0x00000067,
  ESME_RINVOPTPARSTREAM: 0x000000c0,
  ESME_ROPTPARNOTALLWD: 0x000000c1,
  ESME_RINVPARLEN: 0x000000c2,
  ESME_RMISSINGOPTPARAM: 0x000000c3,
  ESME_RINVOPTPARAMVAL: 0x000000c4,
  ESME_RDELIVERYFAILURE: 0x000000fe,
  ESME_RUNKNOWNERR: 0x000000ff,
  // v5.0 names of 0xC0–0xC4 (same values; node-smpp uses these)
  ESME_RINVTLVSTREAM: 0x000000c0,
  ESME_RTLVNOTALLWD: 0x000000c1,
  ESME_RINVTLVLEN: 0x000000c2,
  ESME_RMISSINGTLV: 0x000000c3,
  ESME_RINVTLVVAL: 0x000000c4,
  // v5-only codes
  ESME_RSERTYPUNAUTH: 0x00000100,
  ESME_RPROHIBITED: 0x00000101,
  ESME_RSERTYPUNAVAIL: 0x00000102,
  ESME_RSERTYPDENIED: 0x00000103,
  ESME_RINVDCS: 0x00000104,
  ESME_RINVSRCADDRSUBUNIT: 0x00000105,
  ESME_RINVDSTADDRSUBUNIT: 0x00000106,
  ESME_RINVBCASTFREQINT: 0x00000107,
  ESME_RINVBCASTALIAS_NAME: 0x00000108,
  ESME_RINVBCASTAREAFMT: 0x00000109,
  ESME_RINVNUMBCAST_AREAS: 0x0000010a,
  ESME_RINVBCASTCNTTYPE: 0x0000010b,
  ESME_RINVBCASTMSGCLASS: 0x0000010c,
  ESME_RBCASTFAIL: 0x0000010d,
  ESME_RBCASTQUERYFAIL: 0x0000010e,
  ESME_RBCASTCANCELFAIL: 0x0000010f,
  ESME_RINVBCAST_REP: 0x00000110,
  ESME_RINVBCASTSRVGRP: 0x00000111,
  ESME_RINVBCASTCHANIND: 0x00000112,
} as const

export type CommandStatusName = keyof typeof CommandStatus

/** Short meaning of each status code (one line, lower case, for messages and reports). */
const statusMeanings: Record<number, string> = {
  0x00: 'ok',
  0x01: 'message length is invalid',
  0x02: 'command length is invalid',
  0x03: 'invalid command id',
  0x04: 'incorrect bind status for given command',
  0x05: 'already in bound state',
  0x06: 'invalid priority flag',
  0x07: 'invalid registered delivery flag',
  0x08: 'system error',
  0x0a: 'invalid source address',
  0x0b: 'invalid destination address',
  0x0c: 'message id is invalid',
  0x0d: 'bind failed',
  0x0e: 'invalid password',
  0x0f: 'invalid system id',
  0x11: 'cancel_sm failed',
  0x13: 'replace_sm failed',
  0x14: 'message queue full',
  0x15: 'invalid service type',
  0x33: 'invalid number of destinations',
  0x34: 'invalid distribution list name',
  0x40: 'destination flag is invalid',
  0x42: 'invalid submit with replace request',
  0x43: 'invalid esm_class field data',
  0x44: 'cannot submit to distribution list',
  0x45: 'submit_sm or submit_multi failed',
  0x48: 'invalid source address TON',
  0x49: 'invalid source address NPI',
  0x50: 'invalid destination address TON',
  0x51: 'invalid destination address NPI',
  0x53: 'invalid system_type field',
  0x54: 'invalid replace_if_present flag',
  0x55: 'invalid number of messages',
  0x58: 'throttling error',
  0x61: 'invalid scheduled delivery time',
  0x62: 'invalid message validity period',
  0x63: 'predefined message invalid or not found',
  0x64: 'ESME receiver temporary app error',
  0x65: 'ESME receiver permanent app error',
  0x66: 'ESME receiver reject message error',
  0x67: 'query_sm request failed',
  0xc0: 'error in the optional part of the PDU body',
  0xc1: 'optional parameter not allowed',
  0xc2: 'invalid parameter length',
  0xc3: 'expected optional parameter missing',
  0xc4: 'invalid optional parameter value',
  0xfe: 'delivery failure',
  0xff: 'unknown error',
  0x100: 'service type unauthorised',
  0x101: 'ESME prohibited from using the operation',
  0x102: 'service type unavailable',
  0x103: 'service type denied',
  0x104: 'invalid data coding scheme',
  0x105: 'source address subunit is invalid',
  0x106: 'destination address subunit is invalid',
  0x107: 'broadcast frequency interval is invalid',
  0x108: 'broadcast alias name is invalid',
  0x109: 'broadcast area format is invalid',
  0x10a: 'number of broadcast areas is invalid',
  0x10b: 'broadcast content type is invalid',
  0x10c: 'broadcast message class is invalid',
  0x10d: 'broadcast_sm operation failed',
  0x10e: 'query_broadcast_sm operation failed',
  0x10f: 'cancel_broadcast_sm operation failed',
  0x110: 'number of repeated broadcasts is invalid',
  0x111: 'broadcast service group is invalid',
  0x112: 'broadcast channel indicator is invalid',
}

// Canonical name per code: the first name in CommandStatus wins, so v3.4 names beat v5.0 aliases.
const statusNames = new Map<number, CommandStatusName>()
for (const [name, code] of Object.entries(CommandStatus)) {
  if (!statusNames.has(code)) statusNames.set(code, name as CommandStatusName)
}

/** Spec name of a status (v3.4 name for 0xC0–0xC4), or hex (`'0x00000400'`) when unknown. */
export function statusName(code: number): string {
  return statusNames.get(code >>> 0) ?? hex32(code)
}

/** One-line meaning of a status code; ranges for unassigned codes. */
export function statusMeaning(code: number): string {
  const c = code >>> 0
  const known = statusMeanings[c]
  if (known !== undefined) return known
  if (c >= 0x400 && c <= 0x4ff) return 'SMSC vendor-specific error'
  if (c >= 0x100 && c <= 0x3ff) return 'reserved for SMPP extension'
  return 'reserved'
}

/** `'ESME_RTHROTTLED (0x00000058): throttling error'`. */
export function describeStatus(code: number): string {
  return `${statusName(code)} (${hex32(code)}): ${statusMeaning(code)}`
}

/** Accepts a status name (`ESME_RSYSERR`, case-insensitive), hex (`0x08`) or decimal (`8`). */
export function parseStatus(text: string): number | undefined {
  const t = text.trim()
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) return Number.parseInt(t.slice(2), 16) >>> 0
  if (/^[0-9]{1,10}$/.test(t)) {
    const n = Number(t)
    return n <= 0xffffffff ? n : undefined
  }
  const upper = t.toUpperCase()
  return Object.hasOwn(CommandStatus, upper) ? CommandStatus[upper as CommandStatusName] : undefined
}
