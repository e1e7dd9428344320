import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { configErrorOf, twoAccounts } from '../helpers/scenario.js'
import { parseScenario, pathOf, readScenarioFile } from '../../src/run/scenario-file.js'

/** The message of the ConfigError that parsing `text` as `file` throws. */
const errorOf = (text: string, file = 'load.yaml'): string => configErrorOf(() => parseScenario(text, file))

const TWO_ACCOUNTS = twoAccounts(`    stages:
      - { duration: 10s, rate: 50 }
    messages:
      - { weight: 3, text: "Your code is 1234", dest: 4917600000-4917699999 }
      - { weight: 1, length: 300, encoding: ucs2, registered_delivery: 0 }
`)

describe('scenario file', () => {
  it('reads a YAML file of two groups as written', () => {
    const s = parseScenario(TWO_ACCOUNTS, 'load.yaml')
    expect(s.groups.map((g) => g.name)).toEqual(['A', 'B'])
    expect(s.groups[0]).toMatchObject({ system_id: 'acct_a', password_env: 'SMPP_PW_A', binds: 2, max_rate_per_bind: 30 })
    expect(s.groups[1]!.messages?.[1]).toEqual({ weight: 1, length: 300, encoding: 'ucs2', registered_delivery: 0 })
  })

  it('reads JSON by a .json name', () => {
    const s = parseScenario('{"groups": [{"system_id": "a", "binds": 2, "rate": "max"}]}', 'load.json')
    expect(s.groups[0]).toEqual({ system_id: 'a', binds: 2, rate: 'max' })
  })

  it('names the file, the path inside it and what is wrong, for each error', () => {
    const msg = errorOf('groups:\n  - system_id: a\n    binds: 0\n    ratee: 3\n  - name: b\n')
    const lines = msg.split('\n')
    expect(lines).toContain('load.yaml: groups[0].binds: must be at least 1')
    expect(lines.some((l) => l.startsWith('load.yaml: groups[0].ratee: unknown key (known here: name,'))).toBe(true)
    expect(lines).toContain("load.yaml: groups[1]: 'system_id' is missing")
  })

  it('says which kind of value a key takes, without showing the value', () => {
    const msg = errorOf('groups:\n  - system_id: a\n    window: ten\n    messages:\n      - { weight: 0, encoding: ucs3 }\n')
    expect(msg).toContain('load.yaml: groups[0].window: must be a whole number (got a string)')
    expect(msg).toContain('load.yaml: groups[0].messages[0].weight: must be above 0')
    expect(msg).toContain('load.yaml: groups[0].messages[0].encoding: must be one of auto, gsm7, ucs2, latin1')
    expect(msg).not.toContain('ten')
  })

  it('a duration written as a bare number (as --duration takes one) is told what a duration looks like', () => {
    expect(errorOf('groups:\n  - system_id: a\n    duration: 30\n')).toBe(
      'load.yaml: groups[0].duration: must be text (got a whole number) — a duration such as 500ms, 30s, 5m or 1h')
  })

  it('refuses a password written in the file, without showing it', () => {
    const msg = errorOf('groups:\n  - system_id: a\n    password: s3cret\n')
    expect(msg).toMatch(/^load\.yaml: groups\[0\]\.password: a password is never written in a scenario file: .*password_env/)
    expect(msg).not.toContain('s3cret')
  })

  it('checks the name given in password_env', () => {
    expect(errorOf('groups:\n  - system_id: a\n    password_env: "1x"\n')).toBe(
      'load.yaml: groups[0].password_env: must be the name of an environment variable (letters, digits, _)',
    )
  })

  it('needs at least one group', () => {
    expect(errorOf('groups: []\n')).toBe('load.yaml: groups: must have at least 1 entry')
    expect(errorOf('{}\n')).toBe("load.yaml: (top): 'groups' is missing")
  })

  it('tells a YAML or JSON syntax error by line and column, without quoting the text', () => {
    expect(errorOf('groups: [\n  - a: b\n')).toMatch(/^load\.yaml: not valid YAML at line 2, column 3: /)
    expect(errorOf('groups:\n  - system_id: a\n    system_id: secretish\n')).toMatch(/^load\.yaml: not valid YAML at line 3, column 5: Map keys must be unique$/)
    expect(errorOf('{"groups": [}', 'load.json')).toMatch(/^load\.json: not valid JSON at line 1, column 13: /)
  })

  it('says when the file cannot be read', () => {
    expect(() => readScenarioFile('/nonexistent/s.yaml')).toThrow('--scenario: cannot read /nonexistent/s.yaml: no such file')
  })

  it('writes JSON pointers as paths', () => {
    expect(pathOf('/groups/1/messages/0/dest')).toBe('groups[1].messages[0].dest')
    expect(pathOf('')).toBe('(top)')
  })
})
