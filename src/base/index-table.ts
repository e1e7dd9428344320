// Counter tables derived from one list of names: each name's index into a typed array, and the
// array's length, so no hand-kept count can drift from the names.

/** { name: index } for each name, in order. `indexTable(['a', 'b'] as const)` → { a: 0, b: 1 }. */
export function indexTable<const N extends readonly string[]>(names: N): { readonly [K in N[number]]: number } {
  const table: Record<string, number> = {}
  names.forEach((name, i) => {
    if (name in table) throw new Error(`indexTable: '${name}' is listed twice`)
    table[name] = i
  })
  return Object.freeze(table) as { readonly [K in N[number]]: number }
}

/** 1 at the index of each marked name, 0 elsewhere: e.g. which counters are gauges. */
export function markOf<T extends Readonly<Record<string, number>>>(table: T, marked: readonly (keyof T)[]): Uint8Array {
  const mask = new Uint8Array(Object.keys(table).length)
  for (const name of marked) mask[table[name] as number] = 1
  return mask
}
