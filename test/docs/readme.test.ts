// The README documents every flag of every command (a flag added without a README line fails here),
// and its first screen keeps the two commands a new user needs.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildProgram } from '../../src/cli.js'
import { captureIo } from '../helpers/capture-io.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

describe('README', () => {
  const program = buildProgram(captureIo())
  for (const name of ['run', 'sim', 'decode', 'compare', 'report', 'merge']) {
    const cmd = program.commands.find((c) => c.name() === name)
    it(`documents every flag of '${name}'`, () => {
      expect(cmd).toBeDefined()
      const longs = cmd!.options.map((o) => o.long).filter((l): l is string => l !== undefined && l !== '--help')
      expect(longs.length).toBeGreaterThanOrEqual(name === 'report' ? 1 : 2)
      // A flag counts as documented where it stands in backticks, not as the prefix of a longer flag.
      const missing = longs.filter((l) => !new RegExp('`' + l + '(?![\\w-])').test(readme))
      expect(missing).toEqual([])
    })
  }

  it('starts with the install-and-run and install-and-test commands', () => {
    const firstScreen = readme.split('\n').slice(0, 20).join('\n')
    expect(firstScreen).toContain('npm install && npm run build && ./bin/smpp-bench.js --rate 2000 --duration 10s')
    expect(firstScreen).toContain('npm ci && npm test')
  })
})
