// The library's public face: package.json "exports" point at modules that exist (dist/X.js is
// built from src/X.ts), and the entry points export what docs/protocol.md, docs/sim.md and docs/api.md use.

import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as root from '../src/index.js'
import * as protocol from '../src/protocol/index.js'
import * as sms from '../src/sms/index.js'
import * as sim from '../src/sim/index.js'

interface Target {
  types: string
  default: string
}

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  main: string
  types: string
  exports: Record<string, Target | string>
}
const source = (distPath: string): string => distPath.replace(/^\.?\/?dist\//, 'src/').replace(/\.(d\.ts|js)$/, '.ts')

describe('package.json', () => {
  it('main, types and every export are built from a source file', () => {
    const targets = [pkg.main, pkg.types]
    for (const [key, t] of Object.entries(pkg.exports)) {
      if (key === './package.json') continue
      expect(typeof t, key).toBe('object')
      targets.push((t as Target).types, (t as Target).default)
      expect(source((t as Target).types), key).toBe(source((t as Target).default))
    }
    for (const t of targets) expect(existsSync(new URL(`../${source(t)}`, import.meta.url)), t).toBe(true)
    expect(Object.keys(pkg.exports)).toEqual(['.', './protocol', './sms', './sim', './package.json'])
  })
})

describe('entry points', () => {
  it("'smpp-bench' has the codec, the text layer, sessions, the simulator and the load entry points", () => {
    for (const name of [
      'decode', 'encode', 'encodeToBuffer', 'Framer', 'SubmitTemplate', 'SlabPool', 'submitSm', 'describeStatus',
      'encodeText', 'segment', 'parseReceipt', 'readDeliveryReceipt',
      'EsmeSession', 'SmscSession',
      'startSimulator', 'startSimulatorInWorker',
      'buildRunConfig', 'runLoad', 'RunInterrupted', 'startEngine',
      'SmppBenchError', 'ConfigError', 'DecodeError', 'BindError',
    ]) {
      expect(typeof (root as Record<string, unknown>)[name], name).toBe('function')
    }
  })

  it('types the load run: settings → RunConfig → runLoad → RunResult, and the simulator handle (docs/api.md)', () => {
    // Checked by the type checker: these assignments fail to compile if an export's type drifts.
    const build: (f: root.RunFlags) => root.RunConfig = root.buildRunConfig
    const run: (c: root.RunConfig, o?: root.RunOptions) => Promise<root.RunResult> = root.runLoad
    const start: (c?: root.SimConfigInput) => Promise<root.SimulatorHandle> = root.startSimulator
    const p99 = (r: root.RunResult): number | null => r.latencyMs.p99
    const receipts = (r: root.RunResult): number => r.dlr.received
    for (const f of [build, run, start, p99, receipts]) expect(typeof f).toBe('function')
    expect(new root.RunInterrupted('quit')).toBeInstanceOf(root.SmppBenchError)
  })

  it('the sub-paths export the same objects as the root', () => {
    for (const mod of [protocol, sms, sim]) {
      for (const [name, value] of Object.entries(mod)) {
        if (name in root) expect((root as Record<string, unknown>)[name], name).toBe(value)
      }
    }
    expect(protocol.DecodeError).toBe(root.DecodeError)
  })
})
