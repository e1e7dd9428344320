// Reading a delivery receipt out of a decoded deliver_sm / data_sm:
// the receipt TLVs, the text in short_message or message_payload, and the two combined with the
// TLVs preferred, since receipted_message_id is the reliable key for matching.

import { decodeText } from './encoding.js'
import { parseReceipt, type Receipt } from './receipt.js'
import { DataCoding, EsmClass, MessageState } from '../protocol/constants.js'
import type { Tlvs } from '../protocol/pdu.js'

export interface ReceiptTlvs {
  /** receipted_message_id (0x001E) without its NUL. */
  receiptedMessageId?: string
  /** message_state (0x0427), SMPP v3.4, 5.2.28 message_state. */
  messageState?: number
  /** network_error_code (0x0423): network type (3 = GSM) and the 2-octet error. */
  networkErrorCode?: { networkType: number; errorCode: number }
}

/** The receipt TLVs from a decoded PDU's `tlvs`; absent ones are omitted. */
export function readReceiptTlvs(tlvs: Tlvs | undefined): ReceiptTlvs {
  const out: ReceiptTlvs = {}
  if (tlvs === undefined) return out
  if (tlvs.receipted_message_id !== undefined) out.receiptedMessageId = stripNul(tlvs.receipted_message_id)
  if (tlvs.message_state !== undefined) out.messageState = tlvs.message_state
  const nec = tlvs.network_error_code
  if (nec !== undefined && nec.length >= 3) {
    out.networkErrorCode = { networkType: nec[0]!, errorCode: (nec[1]! << 8) | nec[2]! }
  }
  return out
}

/** The fields of a deliver_sm / data_sm this module reads (a decoded PDU from src/protocol fits). */
export interface ReceiptCarrier {
  esm_class: number
  data_coding: number
  short_message?: Buffer
  tlvs?: Tlvs
}

export interface DeliveryReceipt {
  /** receipted_message_id if present, else the text's id. */
  id: string
  /** Where `id` came from: match a 'tlv' id in the submit_sm_resp's base, a 'text' id in the receipt-text base. */
  idSource: 'tlv' | 'text'
  /** message_state TLV if present, else the state of the text's stat word. */
  state: number
  /** True for esm_class message type 0x20 (intermediate notification) rather than 0x04. */
  intermediate: boolean
  tlvs: ReceiptTlvs
  /** The parsed text, when there was receipt text. */
  text?: Receipt
}

/**
 * The receipt carried by a deliver_sm / data_sm, or undefined when its esm_class message type is
 * not a receipt (0x04) or intermediate notification (0x20), or it has no id in TLV or text.
 * Text with data_coding 0 is read as Latin-1: receipts are ASCII in practice (cloudhopper's receipt
 * vector's `text:@$` is ASCII, not GSM-7) and the labels and values are the same in both.
 */
export function readDeliveryReceipt(pdu: ReceiptCarrier): DeliveryReceipt | undefined {
  const type = pdu.esm_class & EsmClass.MESSAGE_TYPE_MASK
  if (type !== EsmClass.DELIVERY_RECEIPT && type !== EsmClass.INTERMEDIATE_NOTIFICATION) return undefined
  const tlvs = readReceiptTlvs(pdu.tlvs)
  let bytes = pdu.short_message
  if (bytes === undefined || bytes.length === 0) bytes = pdu.tlvs?.message_payload
  const dataCoding = pdu.data_coding === DataCoding.SMSC_DEFAULT ? DataCoding.LATIN1 : pdu.data_coding
  const text = bytes !== undefined && bytes.length > 0 ? parseReceipt(decodeText(bytes, dataCoding)) : undefined
  const id = tlvs.receiptedMessageId || text?.id
  if (id === undefined || id === '') return undefined
  const receipt: DeliveryReceipt = {
    id,
    idSource: tlvs.receiptedMessageId ? 'tlv' : 'text',
    state: tlvs.messageState ?? text?.state ?? MessageState.UNKNOWN,
    intermediate: type === EsmClass.INTERMEDIATE_NOTIFICATION,
    tlvs,
  }
  if (text !== undefined) receipt.text = text
  return receipt
}

function stripNul(s: string): string {
  const nul = s.indexOf('\0')
  return nul < 0 ? s : s.slice(0, nul)
}
