// Adding up the figures of several results (shards of one run, or their bind groups): numbers
// summed field by field, records of counts summed by key.

type Obj = Record<string, unknown>

export const sum = (vs: readonly number[]): number => vs.reduce((a, b) => a + b, 0)
export const maxOf = (vs: readonly number[]): number => vs.reduce((a, b) => Math.max(a, b), 0)

/** Sums of the keys of records of counts (rejected by status, receipt states). */
export function sumRecords(rs: ReadonlyArray<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of rs) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v
  return out
}

/** Field-wise sums of objects of numbers; a field null in any (a split text's outcomes) stays null. */
export function sumFields<T extends object>(os: readonly T[]): T {
  const out: Obj = {}
  for (const k of Object.keys(os[0]!)) {
    const vs = os.map((o) => (o as Obj)[k])
    if (vs.every((v) => typeof v === 'number')) out[k] = sum(vs as number[])
    else if (vs.some((v) => v === null)) out[k] = null
    else out[k] = vs[0]
  }
  return out as T
}
