import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, dirname, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

// Dependencies point down (docs/architecture.md): cli → run → report → load | sim → session →
// sms → protocol → the ground floor. A room imports only its own files and rooms on a lower
// floor; rooms on one floor (load and sim) do not import each other, nor do the two threads of
// the engine (load/main and load/worker), which meet only in load/'s contract files.

const SRC = fileURLToPath(new URL('../../src/', import.meta.url))

/** Each room and its floor; a file's room is the longest prefix that matches its path in src/. */
const ROOMS: ReadonlyArray<readonly [prefix: string, floor: number]> = [
  ['base/', 0], ['errors.ts', 0], ['config/', 0],
  ['protocol/', 1],
  ['sms/', 2],
  ['session/', 3],
  ['sim/', 4], ['load/', 4], ['load/main/', 4], ['load/worker/', 4],
  ['report/', 5],
  ['run/', 6],
  ['cli/', 7],
  ['cli.ts', 8], ['index.ts', 8],
]

/** Rooms on one floor that may not import each other (the same room, or the engine's contract files, may). */
const APART: ReadonlyArray<readonly [string, string]> = [
  ['sim/', 'load/'], ['sim/', 'load/main/'], ['sim/', 'load/worker/'], ['load/main/', 'load/worker/'],
]

/** The pure rooms do no I/O: no sockets, timers or threads. */
const PURE = new Set(['protocol/', 'sms/'])
const IO_MODULES = /^(node:)?(net|tls|dgram|http|https|timers|timers\/promises|worker_threads|child_process|fs|fs\/promises)$/

function roomOf(path: string): string | undefined {
  let best: string | undefined
  for (const [prefix] of ROOMS) if (path.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix
  return best
}
const floorOf = (room: string): number => ROOMS.find(([p]) => p === room)![1]

/** Why `from` may not import `to` (both rooms), or undefined when it may. */
function ruleBroken(from: string, to: string): string | undefined {
  if (from === to) return undefined
  if (APART.some(([a, b]) => (a === from && b === to) || (a === to && b === from))) return `${from} and ${to} stay apart`
  // The engine's two threads both read load/'s contract files (load/*.ts at its top).
  if (to === 'load/' && from.startsWith('load/')) return undefined
  // The ground floor's rooms may use each other.
  if (floorOf(to) < floorOf(from) || floorOf(to) + floorOf(from) === 0) return undefined
  return `${from} may not import ${to} (up or sideways)`
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return name.endsWith('.ts') ? [path] : []
  })
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  return [
    ...source.matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm),
    ...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ].map((m) => m[1]!)
}

/** Every import that breaks a rule, as "file → import: why". */
function layeringViolations(): string[] {
  const problems: string[] = []
  for (const file of sourceFiles(SRC)) {
    const path = relative(SRC, file).split('\\').join('/')
    const room = roomOf(path)
    if (room === undefined) {
      problems.push(`${path}: in no room (add its folder to ROOMS in this test, on its floor)`)
      continue
    }
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) {
        if (PURE.has(room) && IO_MODULES.test(spec)) problems.push(`${path} → ${spec}: ${room} does no I/O`)
        continue
      }
      const target = normalize(join(dirname(path), spec)).split('\\').join('/').replace(/\.js$/, '.ts')
      const to = roomOf(target)
      if (to === undefined) {
        problems.push(`${path} → ${spec}: outside every room`)
        continue
      }
      const why = ruleBroken(room, to)
      if (why !== undefined) problems.push(`${path} → ${spec}: ${why}`)
    }
  }
  return problems
}

describe('layering', () => {
  it('every file is in a room and every import points down', () => {
    expect(sourceFiles(SRC).length).toBeGreaterThan(80)
    expect(layeringViolations()).toEqual([])
  })

  it('would catch an import that points up, sideways or into I/O from a pure room', () => {
    // The rule itself, on made-up paths: a test of the checker, so this file cannot pass by accident.
    const check = (from: string, to: string): boolean => ruleBroken(roomOf(from)!, roomOf(to)!) === undefined
    expect(check('protocol/encode.ts', 'base/clock.ts')).toBe(true)
    expect(check('config/units.ts', 'errors.ts')).toBe(true)
    expect(check('base/clock.ts', 'protocol/encode.ts')).toBe(false)
    expect(check('load/worker/worker.ts', 'load/messages.ts')).toBe(true)
    expect(check('load/messages.ts', 'report/summary.ts')).toBe(false)
    expect(check('load/worker/worker.ts', 'load/main/engine.ts')).toBe(false)
    expect(check('sim/server.ts', 'load/messages.ts')).toBe(false)
    expect(check('run/run.ts', 'cli/io.ts')).toBe(false)
    expect(check('sms/gsm7.ts', 'session/esme.ts')).toBe(false)
    expect(PURE.has('sms/') && IO_MODULES.test('node:net')).toBe(true)
  })
})
