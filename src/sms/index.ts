// What is inside a short message: text encodings, segmentation and delivery receipts.
// Pure functions over strings and Buffers; imports only src/protocol constants and types.
//
// Text → octets (encoding.ts, gsm7.ts)
//   encodeText(text, 'auto' | 'gsm7' | 'ucs2' | 'latin1' | 'ascii') → { encoding, dataCoding, bytes, units }
//     'auto' = GSM-7 (data_coding 0) when every character is in the GSM 03.38 basic or extension
//     table, else UCS-2 (8). GSM-7 is unpacked, one septet per octet, as SMPP carries it; an
//     extension character is `1B xx` and counts 2 septets. UCS-2 is UTF-16BE (an emoji = 2 units).
//     ascii → data_coding 1, latin1 → 3. A forced encoding that cannot represent the text throws
//     SmppBenchError code ERR_SMS_ENCODE naming the character.
//   decodeText(bytes, dataCoding, defaultAlphabet = 'gsm7') → string, incl. 0xF0–0xFF message class.
//   gsm7Length(text) → septets or -1; canEncodeGsm7(text); packGsm7/unpackGsm7 (8-in-7, fill bits).
//   Hot path: encodeGsm7Into(text, out, offset) → septets written, or -1 if a character is not GSM-7;
//     table lookup per character, no allocation (out needs room for 2 × text.length octets).
//
// Segmentation (segment.ts)
//   segment(textOrOctets, { encoding = 'auto', method = 'udh', reference, packGsm7 = false })
//     → { encoding, dataCoding, units, parts: SmsPart[] }
//   A message that fits one part (160 septets / 70 UCS-2 units / 140 octets) is one plain part,
//   whatever the method. Longer ones, by method:
//     'udh'     parts of ≤153 septets / 67 units / 134 octets, short_message = 05 00 03 ref total seq + part
//     'udh16'   parts of ≤152 / 66 / 133, short_message = 06 08 04 refHi refLo total seq + part
//     'sar'     parts of ≤153 / 67 / 134 without UDH; part.sar = { ref, total, seq }
//     'payload' one part, empty shortMessage, part.messagePayload = all octets
//   Each SmsPart → one submit_sm:
//     short_message: part.shortMessage, data_coding: msg.dataCoding,
//     esm_class: partEsmClass(part, base)            (sets 0x40 UDHI when part.esmClassUdhi)
//     tlvs: part.sar → { sar_msg_ref_num: ref, sar_total_segments: total, sar_segment_seqnum: seq }
//           part.messagePayload → { message_payload }
//   The reference is the same in every part of one message; by default a per-process counter.
//   Cuts never split an escape pair or a surrogate pair (that part is one unit shorter).
//   Buffer content is 8-bit binary (data_coding 4). More than 255 parts throws ERR_SMS_SEGMENT.
//
// Delivery receipts (receipt.ts, receipt-pdu.ts, message-id.ts)
//   parseReceipt(text) → Receipt | undefined   lenient Appendix B parser (SMPP v3.4)
//   formatReceipt({ id, submitDate, doneDate, stat, … }) → 'id:… sub:001 dlvrd:001 submit date:… text:…'
//   readReceiptTlvs(pdu.tlvs) → { receiptedMessageId?, messageState?, networkErrorCode? }
//   readDeliveryReceipt(deliverSm) → { id, idSource, state, intermediate, tlvs, text? } | undefined
//     (TLVs preferred over text; undefined when esm_class is not a receipt)
//   Matching ids across bases: the base of each side is a per-link setting ('string' | 'hex' | 'dec');
//     messageIdKey(id, base) / messageIdKeyBytes(buf, start, end, base) → number (or string) key,
//     so submit id '1A2B' (hex) and receipt id '6699' (dec) both give 6699 and one Map lookup matches.
//     detectIdBases(submitId, receiptId) finds the bases from one pair; idsMatch(a, b) is the slow check.

export {
  canEncodeGsm7,
  decodeGsm7,
  encodeGsm7,
  encodeGsm7Into,
  firstNonGsm7,
  GSM7_ESCAPE,
  gsm7Length,
  packGsm7,
  udhFillBits,
  unpackGsm7,
} from './gsm7.js'
export {
  chooseEncoding,
  dataCodingOf,
  decodeText,
  decodeUcs2,
  encodeText,
  encodeUcs2,
  type DefaultAlphabet,
  type EncodedText,
  type EncodingChoice,
  type TextEncoding,
} from './encoding.js'
export {
  concatUdh,
  partEsmClass,
  segment,
  splitPoints,
  type SegmentedMessage,
  type SegmentMethod,
  type SegmentOptions,
  type SmsPart,
} from './segment.js'
export {
  formatReceipt,
  formatReceiptDate,
  parseReceipt,
  parseReceiptDate,
  stateOfStat,
  statOfState,
  type Receipt,
  type ReceiptFields,
} from './receipt.js'
export {
  readDeliveryReceipt,
  readReceiptTlvs,
  type DeliveryReceipt,
  type ReceiptCarrier,
  type ReceiptTlvs,
} from './receipt-pdu.js'
export {
  detectIdBases,
  idsMatch,
  messageIdKey,
  messageIdKeyBytes,
  type MessageIdBase,
  type MessageIdKey,
} from './message-id.js'
