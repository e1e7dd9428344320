// Output files (--json, --hdr) written whole or not at all: the text goes to a temporary file
// beside the target, then a rename replaces the target in one step. A run killed mid-write (a
// second Ctrl-C) never leaves an empty or half-written result for a CI step to parse.

import { rmSync, renameSync, writeFileSync } from 'node:fs'
import { rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** The temporary file beside `dest` (same directory, so the rename is atomic). */
export function tempPathFor(dest: string): string {
  return join(dirname(dest), `.${basename(dest)}.${process.pid}.tmp`)
}

export async function writeFileAtomic(dest: string, text: string): Promise<void> {
  const tmp = tempPathFor(dest)
  try {
    await writeFile(tmp, text)
    await rename(tmp, dest)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

/** For the last moment before process.exit, when nothing asynchronous will run any more. */
export function writeFileAtomicSync(dest: string, text: string): void {
  const tmp = tempPathFor(dest)
  try {
    writeFileSync(tmp, text)
    renameSync(tmp, dest)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
}

/**
 * Throws (with the system's reason) when `dest` could not be written at the end: its directory
 * does not take files, or it is a directory. Leaves `dest` itself untouched.
 */
export async function checkWritable(dest: string): Promise<void> {
  const st = await stat(dest).catch(() => undefined)
  if (st?.isDirectory() === true) throw new Error('it is a directory')
  const tmp = tempPathFor(dest)
  try {
    await writeFile(tmp, '')
  } catch (err) {
    // The reason only (e.g. ENOENT, EACCES): the caller names `dest`; the temp file means nothing to a user.
    const e = err as NodeJS.ErrnoException
    throw new Error(e.code === undefined ? e.message : `${e.code}: ${e.syscall ?? 'write'} failed in ${dirname(dest)}`)
  }
  await rm(tmp, { force: true })
}
