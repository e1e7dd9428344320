// Counter tables derived from one list of names: each name's index into a typed array, and the
// array's length, so no hand-kept count can drift from the names.

/** { name: index } for each name, in order. `indexTable(['a', 'b'] as const)` → { a: 0, b: 1 }. */
export function indexTable<const N extends readonly string[]>(names: N): { readonly [K in N[number]]: number } {
  const seen = new Set<string>()
  for (const name of names) {
    if (seen.has(name)) throw new Error(`indexTable: '${name}' is listed twice`)
    seen.add(name)
  }
  // Built in one go, not by assigning name after name: V8 turns an object that gets more than a
  // dozen properties by keyed stores into a dictionary, and every `StatField.x` / `Counter.x` of
  // the hot paths would then be a hash lookup instead of a constant (about 15 % of the simulator's
  // submit_sm path).
  return Object.freeze(Object.fromEntries(names.map((name, i) => [name, i]))) as { readonly [K in N[number]]: number }
}

/** 1 at the index of each marked name, 0 elsewhere: e.g. which counters are gauges. */
export function markOf<T extends Readonly<Record<string, number>>>(table: T, marked: readonly (keyof T)[]): Uint8Array {
  const mask = new Uint8Array(Object.keys(table).length)
  for (const name of marked) mask[table[name] as number] = 1
  return mask
}
