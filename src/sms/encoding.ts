// Text ⇄ short_message octets for each data_coding (SMPP v3.4, 5.2.19 data_coding), and the automatic
// choice: GSM-7 when every character fits, else UCS-2. Meant to run once per configured message,
// not per send; only encodeGsm7Into (gsm7.ts) is built for the per-message hot path.

import { TextDecoder } from 'node:util'

import { decodeGsm7, encodeGsm7, gsm7Length } from './gsm7.js'
import { DataCoding } from '../protocol/constants.js'
import { unencodableError } from './errors.js'

/** How text becomes octets. `binary` is for Buffer content (data_coding 4), never for strings. */
export type TextEncoding = 'gsm7' | 'ucs2' | 'latin1' | 'ascii'
export type EncodingChoice = TextEncoding | 'auto'

export interface EncodedText {
  encoding: TextEncoding
  /** data_coding to put in the PDU. */
  dataCoding: number
  /** short_message octets: unpacked septets for gsm7, UTF-16BE for ucs2, one octet per char otherwise. */
  bytes: Buffer
  /** Length in the encoding's unit: septets (gsm7), UTF-16 units (ucs2), octets (latin1, ascii). */
  units: number
}

const DATA_CODING: Readonly<Record<TextEncoding, number>> = {
  gsm7: DataCoding.SMSC_DEFAULT,
  ucs2: DataCoding.UCS2,
  latin1: DataCoding.LATIN1,
  ascii: DataCoding.IA5,
}

/** data_coding for an encoding: gsm7 0, ascii 1 (IA5), latin1 3, ucs2 8. */
export function dataCodingOf(encoding: TextEncoding): number {
  return DATA_CODING[encoding]
}

/** GSM-7 when every character is in the basic or extension table, else UCS-2 (the usual choice for handset text). */
export function chooseEncoding(text: string): 'gsm7' | 'ucs2' {
  return gsm7Length(text) >= 0 ? 'gsm7' : 'ucs2'
}

/**
 * Encodes `text` for short_message / message_payload. Throws ERR_SMS_ENCODE (naming the first
 * offending character) when a forced encoding cannot represent the text; 'auto' never throws.
 */
export function encodeText(text: string, encoding: EncodingChoice = 'auto'): EncodedText {
  const chosen = encoding === 'auto' ? chooseEncoding(text) : encoding
  let bytes: Buffer
  switch (chosen) {
    case 'gsm7':
      bytes = encodeGsm7(text)
      break
    case 'ucs2':
      bytes = encodeUcs2(text)
      break
    case 'latin1':
      bytes = encodeSingleByte(text, 0xff, 'Latin-1')
      break
    case 'ascii':
      bytes = encodeSingleByte(text, 0x7f, 'IA5/ASCII')
      break
  }
  const units = chosen === 'ucs2' ? bytes.length >> 1 : bytes.length
  return { encoding: chosen, dataCoding: DATA_CODING[chosen], bytes, units }
}

/** UTF-16BE, no BOM; a character outside the BMP becomes a surrogate pair (2 units). */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16()
}

/** UTF-16BE → text. A trailing odd octet is ignored; unpaired surrogates pass through as they are. */
export function decodeUcs2(bytes: Uint8Array): string {
  const even = bytes.length & ~1
  const copy = Buffer.allocUnsafe(even)
  for (let i = 0; i < even; i += 2) {
    copy[i] = bytes[i + 1]!
    copy[i + 1] = bytes[i]!
  }
  return copy.toString('utf16le')
}

function encodeSingleByte(text: string, maxUnit: number, name: string): Buffer {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > maxUnit) throw unencodableError(name, text, i)
  }
  return Buffer.from(text, 'latin1')
}

/** What data_coding 0 ("SMSC default alphabet") means on a link: SMSCs differ (GSM-7 or Latin-1), so it is a setting. */
export type DefaultAlphabet = 'gsm7' | 'latin1'

/**
 * short_message octets → text, by data_coding (SMPP v3.4, 5.2.19). GSM-7 is read unpacked.
 * 0xF0–0xFF (message class): bit 2 set = 8-bit, else GSM-7. 0xC0–0xDF (MWI groups): GSM-7;
 * 0xE0–0xEF: UCS-2 (23.038 "MWI store, UCS2"). 8-bit, Latin-1, IA5 and unknown values decode
 * as Latin-1, so every octet maps to one character and nothing is lost.
 */
export function decodeText(bytes: Uint8Array, dataCoding: number, defaultAlphabet: DefaultAlphabet = 'gsm7'): string {
  if (dataCoding === DataCoding.SMSC_DEFAULT) {
    return defaultAlphabet === 'gsm7' ? decodeGsm7(bytes) : latin1(bytes)
  }
  if (dataCoding === DataCoding.UCS2) return decodeUcs2(bytes)
  if (dataCoding >= 0xf0) return dataCoding & 0x04 ? latin1(bytes) : decodeGsm7(bytes)
  if (dataCoding >= 0xe0) return decodeUcs2(bytes)
  if (dataCoding >= 0xc0) return decodeGsm7(bytes)
  const label = ICU_LABELS[dataCoding]
  if (label !== undefined) {
    const decoder = icuDecoder(label)
    if (decoder !== undefined) return decoder.decode(bytes)
  }
  return latin1(bytes)
}

function latin1(bytes: Uint8Array): string {
  // A decoded PDU's fields are Buffers already; wrapping costs more than the decode itself.
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  return buf.toString('latin1')
}

/** data_codings whose character sets TextDecoder knows (with Node's ICU). */
const ICU_LABELS: Readonly<Record<number, string>> = {
  [DataCoding.CYRILLIC]: 'iso-8859-5',
  [DataCoding.LATIN_HEBREW]: 'iso-8859-8',
  [DataCoding.ISO_2022_JP]: 'iso-2022-jp',
  [DataCoding.KS_C_5601]: 'euc-kr',
}
const icuDecoders = new Map<string, TextDecoder | undefined>()

/** A cached TextDecoder, or undefined when this Node build has no ICU data for the label. */
function icuDecoder(label: string): TextDecoder | undefined {
  if (!icuDecoders.has(label)) {
    let decoder: TextDecoder | undefined
    try {
      decoder = new TextDecoder(label)
    } catch {
      decoder = undefined
    }
    icuDecoders.set(label, decoder)
  }
  return icuDecoders.get(label)
}
