// Public face of the SMPP v3.4 codec (pure: no sockets, timers or threads), also published as
// 'smpp-bench/protocol'. The user guide, with examples of every part, is docs/protocol.md.
//
// - PDUs (pdu.ts): plain objects discriminated by `command`, spec field names; count fields are
//   derived (sm_length = short_message.length …). Factories with spec defaults (factory.ts).
// - encode / encodeToBuffer / maxEncodedLength (encode.ts): strict; ERR_SMPP_ENCODE names the field.
// - decode / readHeader (decode.ts): strict and safe, only ever DecodeError carrying the status
//   to answer with; octet fields alias the input. TLV rules, repeats included: tlv.ts.
// - Framer (framer.ts): any chunking in, whole PDUs out, in place when possible.
// - Hot path: SubmitTemplate (template.ts), SlabPool (pool.ts), header/message_id readers (hot.ts).
export { DecodeError, SmppBenchError } from '../errors.js'
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
