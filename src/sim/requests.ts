// The rarer requests, decoded: data_sm and submit_multi (submissions like submit_sm, validated
// with the same rules, then through the same accept path, submissions.ts), query_sm, cancel_sm,
// replace_sm (against the bounded message store).

import { epochOf } from '../base/clock.js'
import { CommandId, CommandStatus as S } from '../protocol/constants.js'
import type { CancelSm, DataSm, Pdu, QuerySm, ReplaceSm, SubmitMulti } from '../protocol/pdu.js'
import type { BindCtx, SimSession } from './bind-ctx.js'
import type { MessageIds } from './ids.js'
import { TEXT_OCTETS_MAX } from './receipt-writer.js'
import { bump, StatField } from './stats.js'
import { hashString, type MessageStore } from './store.js'
import type { Submissions } from './submissions.js'
import { isValidDataCoding, isValidNpi, type Submission } from './submit-reader.js'

/** What the request handlers need from the simulator. */
export interface SimCore {
  readonly ids: MessageIds
  readonly store: MessageStore
  readonly stats: Float64Array
  readonly submissions: Submissions
}

/** Longest address data_sm takes (SMPP v3.4, 4.7.1 data_sm); submit_multi's are shorter. */
const DATA_SM_ADDR_MAX = 64

/**
 * One destination of a decoded data_sm or submit_multi as a Submission: both addresses and the
 * part of the text a receipt quotes, copied into one reused buffer.
 */
class DecodedSubmission implements Submission {
  readonly buf = Buffer.alloc(2 * DATA_SM_ADDR_MAX + TEXT_OCTETS_MAX)
  srcTon = 0
  srcNpi = 0
  readonly srcOff = 0
  srcLen = 0
  dstTon = 0
  dstNpi = 0
  readonly dstOff = DATA_SM_ADDR_MAX
  dstLen = 0
  readonly textOff = 2 * DATA_SM_ADDR_MAX
  textLen = 0
  dataCoding = 0
  registeredDelivery = 0
  readonly partNumber = 1
  readonly partTotal = 1

  /** Addresses already validated (at most DATA_SM_ADDR_MAX characters). */
  set(p: { source_addr_ton: number; source_addr_npi: number; source_addr: string; data_coding: number; registered_delivery: number }, dstTon: number, dstNpi: number, dst: string, text: Buffer): this {
    this.srcTon = p.source_addr_ton
    this.srcNpi = p.source_addr_npi
    this.srcLen = this.buf.write(p.source_addr, this.srcOff, DATA_SM_ADDR_MAX, 'latin1')
    this.dstTon = dstTon
    this.dstNpi = dstNpi
    this.dstLen = this.buf.write(dst, this.dstOff, DATA_SM_ADDR_MAX, 'latin1')
    this.textLen = text.copy(this.buf, this.textOff, 0, Math.min(text.length, TEXT_OCTETS_MAX))
    this.dataCoding = p.data_coding
    this.registeredDelivery = p.registered_delivery
    return this
  }
}

const decoded = new DecodedSubmission()

function addrStatus(ton: number, npi: number, addr: string, max: number, dest: boolean): number {
  if (ton > 6) return dest ? S.ESME_RINVDSTTON : S.ESME_RINVSRCTON
  if (!isValidNpi(npi)) return dest ? S.ESME_RINVDSTNPI : S.ESME_RINVSRCNPI
  if (addr.length > max || (dest && addr.length === 0)) return dest ? S.ESME_RINVDSTADR : S.ESME_RINVSRCADR
  return 0
}

function userDataOf(p: { short_message?: Buffer; tlvs?: Pdu['tlvs'] }): Buffer | number {
  const payload = p.tlvs?.message_payload
  const sm = p.short_message
  if (payload !== undefined && sm !== undefined && sm.length > 0) return S.ESME_RINVMSGLEN
  return payload ?? sm ?? Buffer.alloc(0)
}

function messageStatus(esmClass: number, registeredDelivery: number, dataCoding: number): number {
  const type = esmClass & 0x3c
  if (type !== 0 && type !== 0x08 && type !== 0x10) return S.ESME_RINVESMCLASS
  if ((registeredDelivery & 0xe0) !== 0) return S.ESME_RINVREGDLVFLG
  if (!isValidDataCoding(dataCoding)) return S.ESME_RINVDCS
  return 0
}

export function handleRequest(core: SimCore, s: SimSession, pdu: Pdu): void {
  const ctx = s.ctx as BindCtx
  switch (pdu.command) {
    case 'data_sm':
      return dataSm(core, s, ctx, pdu)
    case 'submit_multi':
      return submitMulti(core, s, ctx, pdu)
    case 'query_sm':
      return querySm(core, s, ctx, pdu)
    case 'cancel_sm':
      return cancelSm(core, s, ctx, pdu)
    case 'replace_sm':
      return replaceSm(core, s, ctx, pdu)
    default:
      s.reject(CommandId[pdu.command], S.ESME_RINVBNDSTS, pdu.sequence_number)
  }
}

function dataSm(core: SimCore, s: SimSession, ctx: BindCtx, p: DataSm): void {
  bump(core.stats, StatField.dataSm)
  const respId = CommandId.data_sm_resp
  const ud = userDataOf(p)
  const status =
    addrStatus(p.source_addr_ton, p.source_addr_npi, p.source_addr, DATA_SM_ADDR_MAX, false) ||
    addrStatus(p.dest_addr_ton, p.dest_addr_npi, p.destination_addr, DATA_SM_ADDR_MAX, true) ||
    messageStatus(p.esm_class, p.registered_delivery, p.data_coding) ||
    (typeof ud === 'number' ? ud : 0)
  const sub = core.submissions
  if (!sub.admit(s, ctx, respId, p.sequence_number, status) || typeof ud === 'number') return
  const num = sub.accept(ctx, decoded.set(p, p.dest_addr_ton, p.dest_addr_npi, p.destination_addr, ud), s.lastRxMs, core.ids.next())
  sub.respond(s, ctx, respId, 0, p.sequence_number, num)
}

function submitMulti(core: SimCore, s: SimSession, ctx: BindCtx, p: SubmitMulti): void {
  bump(core.stats, StatField.submitMulti)
  const respId = CommandId.submit_multi_resp
  const ud = userDataOf(p)
  const n = p.dest_address.length
  let status =
    (n === 0 || n > 255 ? S.ESME_RINVNUMDESTS : 0) ||
    addrStatus(p.source_addr_ton, p.source_addr_npi, p.source_addr, 20, false) ||
    messageStatus(p.esm_class, p.registered_delivery, p.data_coding) ||
    (p.priority_flag > 3 ? S.ESME_RINVPRTFLG : 0) ||
    (typeof ud === 'number' ? ud : 0)
  for (const d of p.dest_address) {
    if (status !== 0) break
    // Distribution lists are not provisioned on the simulator.
    status = d.dest_flag === 2 ? S.ESME_RINVDLNAME : addrStatus(d.dest_addr_ton, d.dest_addr_npi, d.destination_addr, 20, true)
  }
  const sub = core.submissions
  if (!sub.admit(s, ctx, respId, p.sequence_number, status) || typeof ud === 'number') return
  // One message id for the submission; a receipt per destination (same id, as SMSCs do).
  let num = -1
  for (const d of p.dest_address) {
    if (d.dest_flag !== 1) continue
    if (num < 0) num = core.ids.next()
    sub.accept(ctx, decoded.set(p, d.dest_addr_ton, d.dest_addr_npi, d.destination_addr, ud), s.lastRxMs, num)
  }
  sub.respond(s, ctx, respId, 0, p.sequence_number, num)
}

/** The stored message a query/cancel/replace names, or the status to answer. */
function lookup(core: SimCore, ctx: BindCtx, messageId: string, sourceAddr: string, failStatus: number): number {
  const num = core.ids.parse(messageId, ctx.behaviour.idFormat)
  if (num === undefined) return -S.ESME_RINVMSGID
  const slot = core.store.find(num, ctx.account.index)
  if (slot < 0) return -S.ESME_RINVMSGID
  if (!core.store.sourceMatches(slot, hashString(sourceAddr))) return -failStatus
  return slot
}

function querySm(core: SimCore, s: SimSession, ctx: BindCtx, p: QuerySm): void {
  bump(core.stats, StatField.querySm)
  const slot = lookup(core, ctx, p.message_id, p.source_addr, S.ESME_RQUERYFAIL)
  if (slot < 0) return s.reject(CommandId.query_sm, -slot, p.sequence_number)
  const m = core.store.query(slot, epochOf(s.lastRxMs))
  s.writePdu({
    command: 'query_sm_resp',
    command_status: 0,
    sequence_number: p.sequence_number,
    message_id: p.message_id,
    final_date: m.finalAt === undefined ? '' : absoluteTime(m.finalAt),
    message_state: m.state,
    error_code: m.errorCode,
  })
}

function cancelSm(core: SimCore, s: SimSession, ctx: BindCtx, p: CancelSm): void {
  bump(core.stats, StatField.cancelSm)
  const now = epochOf(s.lastRxMs)
  if (p.message_id === '') {
    // Bulk cancel: every pending message from this source to this destination.
    const n = core.store.cancelMatching(ctx.account.index, hashString(p.source_addr), hashString(p.destination_addr), now)
    return s.writeHeader(CommandId.cancel_sm_resp, n > 0 ? 0 : S.ESME_RCANCELFAIL, p.sequence_number)
  }
  const slot = lookup(core, ctx, p.message_id, p.source_addr, S.ESME_RCANCELFAIL)
  if (slot < 0) return s.reject(CommandId.cancel_sm, -slot, p.sequence_number)
  if (core.store.isFinal(slot, now)) return s.reject(CommandId.cancel_sm, S.ESME_RCANCELFAIL, p.sequence_number)
  core.store.cancel(slot, now)
  s.writeHeader(CommandId.cancel_sm_resp, 0, p.sequence_number)
}

function replaceSm(core: SimCore, s: SimSession, ctx: BindCtx, p: ReplaceSm): void {
  bump(core.stats, StatField.replaceSm)
  const slot = lookup(core, ctx, p.message_id, p.source_addr, S.ESME_RREPLACEFAIL)
  if (slot < 0) return s.reject(CommandId.replace_sm, -slot, p.sequence_number)
  if ((p.registered_delivery & 0xe0) !== 0) return s.reject(CommandId.replace_sm, S.ESME_RINVREGDLVFLG, p.sequence_number)
  if (core.store.isFinal(slot, epochOf(s.lastRxMs))) return s.reject(CommandId.replace_sm, S.ESME_RREPLACEFAIL, p.sequence_number)
  core.store.replace(slot)
  s.writeHeader(CommandId.replace_sm_resp, 0, p.sequence_number)
}

/** YYMMDDhhmmsst00+ (UTC) for final_date. */
function absoluteTime(epochMs: number): string {
  const d = new Date(epochMs)
  const two = (v: number): string => (v < 10 ? '0' : '') + v
  return (
    two(d.getUTCFullYear() % 100) + two(d.getUTCMonth() + 1) + two(d.getUTCDate()) +
    two(d.getUTCHours()) + two(d.getUTCMinutes()) + two(d.getUTCSeconds()) + Math.floor(d.getUTCMilliseconds() / 100) + '00+'
  )
}

