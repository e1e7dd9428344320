// Public face of the SMPP v3.4 codec. Everything other layers use comes from here.
export * from './constants.js'
export type * from './pdu.js'
export * from './factory.js'
