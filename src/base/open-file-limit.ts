// The open-file limit of this process (`ulimit -n`), read where the kernel states it. Node 20 has
// no getrlimit; on Linux /proc/self/limits says it truthfully, elsewhere it is unknown (undefined),
// and a connect that hits it fails with EMFILE, which the session reports as such.

import { readdirSync, readFileSync } from 'node:fs'

export interface OpenFileLimit {
  /** The limit in force (the soft limit); Infinity when unlimited. */
  soft: number
  /** How far the soft limit may be raised without privileges. */
  hard: number
}

const LINE = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m

const value = (t: string): number => (t === 'unlimited' ? Infinity : Number(t))

/** The limit, or undefined where it cannot be read. */
export function openFileLimit(read: () => string = () => readFileSync('/proc/self/limits', 'utf8')): OpenFileLimit | undefined {
  let text: string
  try {
    text = read()
  } catch {
    return undefined
  }
  const m = LINE.exec(text)
  if (m === null) return undefined
  return { soft: value(m[1] ?? ''), hard: value(m[2] ?? '') }
}

/** Files this process has open now (its descriptors), or undefined where that cannot be read. */
export function openFileCount(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length
  } catch {
    return undefined
  }
}
