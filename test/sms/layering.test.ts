import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

// design.md: dependencies point down (sms → protocol); src/sms imports no sockets, timers or threads.
const SMS_DIR = fileURLToPath(new URL('../../src/sms/', import.meta.url))
const ALLOWED = [/^\.\/[\w-]+\.js$/, /^\.\.\/protocol\/[\w-]+\.js$/, /^\.\.\/errors\.js$/, /^node:util$/]

describe('src/sms layering', () => {
  it('imports only its own files, src/protocol, src/errors and node:util', () => {
    const files = readdirSync(SMS_DIR).filter((f) => f.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(5)
    for (const file of files) {
      const source = readFileSync(SMS_DIR + file, 'utf8')
      const specifiers = [...source.matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!)
      for (const spec of specifiers) {
        expect(ALLOWED.some((re) => re.test(spec)), `${file} imports ${spec}`).toBe(true)
      }
    }
  })
})
