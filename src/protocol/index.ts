// Public face of the SMPP v3.4 codec. Everything other layers use comes from here.
export * from './constants.js'
export type * from './pdu.js'
export * from './factory.js'
export { Writer } from './writer.js'
export { encode, encodeToBuffer, maxEncodedLength } from './encode.js'
export { decode, readHeader } from './decode.js'
export type { DecodeOptions, Header } from './decode.js'
