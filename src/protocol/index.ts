// Public face of the SMPP v3.4 codec (pure: no sockets, timers or threads).
//
// Contract: /work/notes/protocol-api.md, kept as written. Additions and decisions:
// - decode(buf, offset, length, options?): 4th argument DecodeOptions { lenientLengths = true
//   (system_id/password/system_type up to 64 chars), maxCommandLength = 65536 }. `length` must equal
//   command_length (else ESME_RINVCMDLEN, fatal). Unknown command ids throw ESME_RINVCMDID (not
//   fatal) for requests and responses alike — never answer one whose bit 31 is set.
//   Error responses: a malformed body is ignored; a missing body decodes to NULL fields.
//   Octet fields alias the input buffer.
// - Count fields are derived, not stored: sm_length = short_message.length, number_of_dests =
//   dest_address.length, no_unsuccess = unsuccess_sme.length.
// - Tlvs: unknown tags under '0x' + 4 lower-case hex digits; repeated callback_num(_pres_ind,
//   _atag) become arrays; other repeated tags keep the last value; v5.0 spellings dest_port and
//   alert_on_msg_delivery are accepted on encode. alert_on_message_delivery is `true` when
//   present with length 0. Re-encoding reproduces the wire bytes except for: a C-string TLV sent
//   without its NUL, interleaved repeats of callback_num, non-repeatable duplicates, error
//   responses with an all-NULL body (sent header-only) and 16-octet successful responses (sent
//   with an empty message_id).
// - encode throws SmppBenchError ERR_SMPP_ENCODE ('<command>.<field>: why') for bad values and
//   ERR_SMPP_BUFFER_FULL when a fixed Writer lacks room; check maxEncodedLength(pdu) first.
// - Extras: pdu(command, fields) + one factory per PDU (submitSm …), responseTo(request, fields),
//   commandNameOf, hasResponse, isResponseId, RESPONSE_BIT, hex32, tlvHexKey, HEADER_LENGTH,
//   DEFAULT_MAX_COMMAND_LENGTH, SM_MAX_LENGTH, MAX_DESTS, PriorityFlag, DestFlag.
// - SlabPool: acquire the room for a whole batch once, write, retain() before the socket write,
//   pass slab.onWriteDone as its callback. A full slab with no pending write is recycled at once.
export * from './constants.js'
export type * from './pdu.js'
export * from './factory.js'
export { Writer } from './writer.js'
export { encode, encodeToBuffer, maxEncodedLength } from './encode.js'
export { decode, readHeader } from './decode.js'
export type { DecodeOptions, Header } from './decode.js'
export { Framer } from './framer.js'
export type { FramerOptions, OnPdu } from './framer.js'
export { readCommandLength, readCommandId, readCommandStatus, readSequenceNumber, messageIdRange } from './hot.js'
export { SubmitTemplate } from './template.js'
export { Slab, SlabPool } from './pool.js'
