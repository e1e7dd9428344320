// Just enough typing of node-smpp 0.5.1 (npm `smpp`, CommonJS, no types of its own) for the
// interop tests and the codec benchmark. Read from node_modules/smpp/lib/pdu.js and defs.js.
declare module 'smpp' {
  /** A decoded or to-be-encoded PDU: header fields plus every body field and TLV by its name. */
  export class PDU {
    constructor(command: string, options?: Record<string, unknown>)
    command: string
    command_length: number
    command_id: number
    command_status: number
    sequence_number: number
    [field: string]: unknown
    toBuffer(): Buffer
    isResponse(): boolean
    /** false when the buffer is shorter than 16 octets or than its command_length. */
    static fromBuffer(buf: Buffer): PDU | false
    static maxLength: number
  }

  interface TextEncoding {
    match(value: string): boolean
    encode(value: string): Buffer
    decode(value: Buffer): string
  }

  /** `ASCII` is GSM 03.38 (node-smpp's name for data_coding 0), `LATIN1`, `UCS2`. */
  export const encodings: { ASCII: TextEncoding; LATIN1: TextEncoding; UCS2: TextEncoding }
  export const gsmCoder: { encode(text: string, shiftTable?: number): Buffer; decode(bytes: Buffer, shiftTable?: number): string }
  export const commands: Record<string, { id: number; params?: Record<string, unknown> }>
  export const tlvs: Record<string, { id: number; multiple?: boolean }>
}
