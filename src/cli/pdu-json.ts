// A decoded PDU as plain JSON for people debugging a link (`smpp-bench decode`): spec field names,
// command and status by name, octet fields as hex, user data as text when data_coding says how
// (with any UDH shown apart), and the parsed delivery receipt of a deliver_sm / data_sm.
// Pure: no I/O.

import { CommandId, MessageState, hex32, statusName } from '../protocol/index.js'
import type { Pdu, Tlvs } from '../protocol/index.js'
import { decodeText, readDeliveryReceipt } from '../sms/index.js'
import type { DefaultAlphabet, Receipt } from '../sms/index.js'

export interface PduJsonOptions {
  /** What data_coding 0 means on the link (SMSCs differ): GSM-7 (default) or Latin-1. */
  defaultAlphabet?: DefaultAlphabet
  /** Print `password` as it is; by default it is a fixed `***`, which does not tell its length: passwords never appear in output. */
  showPassword?: boolean
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

const HEADER_KEYS = new Set(['command', 'command_status', 'sequence_number', 'tlvs'])
const UDHI = 0x40
/** Shown instead of a password: fixed, so that not even its length shows. */
const PASSWORD_MASK = '***'
/** Version octets, read as 0x34 = v3.4 (SMPP v3.4, 5.2.4 interface_version), so shown in hex; other numbers stay decimal. */
const VERSION_KEYS = new Set(['interface_version', 'sc_interface_version'])

const stateNames = new Map<number, string>(Object.entries(MessageState).map(([name, value]) => [value, name]))

/**
 * The JSON form of `pdu`, which was `commandLength` octets on the wire.
 * Key order: header, mandatory fields in wire order, TLVs in wire order, then `receipt`.
 */
export function pduToJson(pdu: Pdu, commandLength: number, options: PduJsonOptions = {}): JsonObject {
  const alphabet = options.defaultAlphabet ?? 'gsm7'
  const fields = pdu as unknown as Record<string, unknown>
  const dataCoding = typeof fields.data_coding === 'number' ? fields.data_coding : undefined
  const esmClass = typeof fields.esm_class === 'number' ? fields.esm_class : 0
  const out: JsonObject = {
    command: pdu.command,
    command_id: hex32(CommandId[pdu.command]),
    command_length: commandLength,
    command_status: statusName(pdu.command_status),
    command_status_code: hex32(pdu.command_status),
    sequence_number: pdu.sequence_number,
  }
  for (const [key, value] of Object.entries(fields)) {
    if (HEADER_KEYS.has(key)) continue
    out[key] = key === 'short_message' ? userData(value as Buffer, dataCoding, esmClass, alphabet) : versionOrField(key, value)
  }
  if (typeof out.password === 'string' && options.showPassword !== true) out.password = PASSWORD_MASK
  if (pdu.tlvs !== undefined) {
    // The UDH sits in message_payload only when short_message is empty.
    const payloadEsm = (fields.short_message as Buffer | undefined)?.length ? 0 : esmClass
    out.tlvs = tlvsJson(pdu.tlvs, dataCoding, payloadEsm, alphabet)
  }
  if (pdu.command === 'deliver_sm' || pdu.command === 'data_sm') {
    const receipt = receiptJson(pdu)
    if (receipt !== undefined) out.receipt = receipt
  }
  return out
}

/** `0x34` for interface_version / sc_interface_version, else as fieldJson. */
function versionOrField(key: string, value: unknown): Json {
  return VERSION_KEYS.has(key) && typeof value === 'number' ? `0x${value.toString(16).padStart(2, '0')}` : fieldJson(value)
}

/** Numbers and strings as they are, octets as hex, lists and records field by field. */
function fieldJson(value: unknown): Json {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length).toString('hex')
  if (Array.isArray(value)) return value.map(fieldJson)
  if (value !== null && typeof value === 'object') {
    const o: JsonObject = {}
    for (const [k, v] of Object.entries(value)) {
      o[k] = fieldJson(v)
      // unsuccess_sme: the status by name beside its code.
      if (k === 'error_status_code' && typeof v === 'number') {
        o[k] = hex32(v)
        o.error_status = statusName(v)
      }
    }
    return o
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value
  return null
}

function tlvsJson(tlvs: Tlvs, dataCoding: number | undefined, esmClass: number, alphabet: DefaultAlphabet): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(tlvs)) {
    out[key] = key === 'message_payload' ? userData(value as Buffer, dataCoding, esmClass, alphabet) : versionOrField(key, value)
  }
  return out
}

/**
 * The character set a data_coding names, or undefined for 8-bit binary, reserved and
 * unsupported values (those are shown as hex only). SMPP v3.4, 5.2.19 data_coding.
 */
function textEncodingOf(dataCoding: number, alphabet: DefaultAlphabet): string | undefined {
  if (dataCoding === 0x00) return alphabet
  if (dataCoding === 0x01) return 'ascii'
  if (dataCoding === 0x03) return 'latin1'
  if (dataCoding === 0x06) return 'iso-8859-5'
  if (dataCoding === 0x07) return 'iso-8859-8'
  if (dataCoding === 0x08) return 'ucs2'
  if (dataCoding === 0x0a) return 'iso-2022-jp'
  if (dataCoding === 0x0e) return 'ks_c_5601'
  if (dataCoding >= 0xc0 && dataCoding <= 0xdf) return 'gsm7'
  if (dataCoding >= 0xe0 && dataCoding <= 0xef) return 'ucs2'
  if (dataCoding >= 0xf0) return (dataCoding & 0x04) === 0 ? 'gsm7' : undefined
  return undefined
}

/** short_message / message_payload: length, hex, the UDH apart when UDHI is set, and the text. */
function userData(bytes: Buffer, dataCoding: number | undefined, esmClass: number, alphabet: DefaultAlphabet): JsonObject {
  const out: JsonObject = { length: bytes.length, hex: bytes.toString('hex') }
  let body = bytes
  if ((esmClass & UDHI) !== 0 && bytes.length > 0) {
    const udhLength = 1 + bytes[0]!
    if (udhLength > bytes.length) {
      out.udh_error = `UDH length ${bytes[0]} runs past the ${bytes.length} octets of user data`
      return out
    }
    out.udh = udhJson(bytes.subarray(0, udhLength))
    body = bytes.subarray(udhLength)
  }
  const encoding = dataCoding === undefined ? undefined : textEncodingOf(dataCoding, alphabet)
  if (encoding !== undefined) {
    out.encoding = encoding
    out.text = decodeText(body, dataCoding!, alphabet)
  }
  return out
}

/** The UDH's information elements; concatenation (IEI 0x00 / 0x08) also spelled out. */
function udhJson(udh: Buffer): JsonObject {
  const elements: Json[] = []
  const out: JsonObject = { hex: udh.toString('hex'), elements }
  let i = 1
  while (i + 2 <= udh.length) {
    const iei = udh[i]!
    const len = udh[i + 1]!
    const data = udh.subarray(i + 2, Math.min(udh.length, i + 2 + len))
    elements.push({ iei: `0x${iei.toString(16).padStart(2, '0')}`, hex: data.toString('hex') })
    if (iei === 0x00 && len === 3 && data.length === 3) out.concat = { reference: data[0]!, total: data[1]!, seq: data[2]! }
    if (iei === 0x08 && len === 4 && data.length === 4) out.concat = { reference: data.readUInt16BE(0), total: data[2]!, seq: data[3]! }
    i += 2 + len
  }
  return out
}

/**
 * The receipt in snake_case like the rest of the JSON: the TLVs by their spec names, the text by
 * its own labels in text order (`submit date:` → submit_date).
 */
function receiptJson(pdu: Pdu & { command: 'deliver_sm' | 'data_sm' }): JsonObject | undefined {
  const r = readDeliveryReceipt(pdu)
  if (r === undefined) return undefined
  const out: JsonObject = {
    id: r.id,
    id_source: r.idSource,
    state: stateName(r.state),
    intermediate: r.intermediate,
  }
  const tlvs: JsonObject = {}
  if (r.tlvs.receiptedMessageId !== undefined) tlvs.receipted_message_id = r.tlvs.receiptedMessageId
  if (r.tlvs.messageState !== undefined) tlvs.message_state = stateName(r.tlvs.messageState)
  const nec = r.tlvs.networkErrorCode
  if (nec !== undefined) tlvs.network_error_code = { network_type: nec.networkType, error_code: nec.errorCode }
  if (Object.keys(tlvs).length > 0) out.tlvs = tlvs
  if (r.text !== undefined) out.text = receiptTextJson(r.text)
  return out
}

function stateName(state: number): string {
  return stateNames.get(state) ?? String(state)
}

/** id, sub, dlvrd, submit_date, done_date, stat, err, text as written; absent ones omitted; other labels under `extra`. */
function receiptTextJson(t: Receipt): JsonObject {
  const out: JsonObject = { id: t.id }
  if (t.sub !== undefined) out.sub = t.sub
  if (t.dlvrd !== undefined) out.dlvrd = t.dlvrd
  if (t.submitDate !== undefined) out.submit_date = t.submitDate
  if (t.doneDate !== undefined) out.done_date = t.doneDate
  out.stat = t.stat
  if (t.err !== undefined) out.err = t.err
  if (t.text !== undefined) out.text = t.text
  if (t.extra !== undefined) out.extra = { ...t.extra }
  return out
}
