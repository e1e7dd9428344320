// PEM files named by a flag (--tls-ca, --tls-cert, --tls-key of run and sim): read once at config
// time; a missing, unreadable or non-PEM file is a ConfigError naming the flag.

import { readFileSync } from 'node:fs'
import { ConfigError } from '../errors.js'

export type ReadText = (file: string) => string

export const readText: ReadText = (file) => readFileSync(file, 'utf8')

export const PEM_CERTIFICATE = { marker: /-----BEGIN CERTIFICATE-----/, what: 'certificate' }
export const PEM_PRIVATE_KEY = { marker: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'private key' }

/** The text of `file`, which must hold a PEM block of the given kind. */
export function readPem(file: string, flag: string, kind: { marker: RegExp; what: string }, read: ReadText = readText): string {
  let text: string
  try {
    text = read(file)
  } catch (err) {
    throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`, flag)
  }
  if (!kind.marker.test(text)) throw new ConfigError(`${file} holds no ${kind.what} in PEM form`, flag)
  return text
}
