// The one error src/sms throws for text that does not fit the requested encoding.

import { SmppBenchError } from '../errors.js'

/** ERR_SMS_ENCODE naming the encoding and the first offending character by code point and index. */
export function unencodableError(encoding: string, text: string, index: number): SmppBenchError {
  const cp = text.codePointAt(index) ?? 0
  const hex = cp.toString(16).toUpperCase().padStart(4, '0')
  return new SmppBenchError('ERR_SMS_ENCODE', `${encoding} cannot encode U+${hex} at index ${index}`)
}
