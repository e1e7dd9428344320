// A saved --json result read back (compare, report): a file that is missing or not JSON exits 2
// with the file's name (main() maps ConfigError).

import { readFile } from 'node:fs/promises'
import { ConfigError } from '../errors.js'

export async function readResult(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    throw new ConfigError(`${file}: cannot read it (${e.code === 'ENOENT' ? 'no such file' : (e.code ?? e.message)})`)
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new ConfigError(`${file}: not JSON, so not a run result (a --json file of smpp-bench run)`)
  }
}
