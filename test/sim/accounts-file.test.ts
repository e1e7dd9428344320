// The accounts file: what is wrong with it is said with its place and in words, and a password in
// it never appears in an error, whatever the mistake around it.

import { describe, expect, it } from 'vitest'
import { jsonSyntaxError } from '../../src/config/json-syntax.js'
import { parseAccounts } from '../../src/sim/accounts.js'

function errorOf(text: string): string {
  try {
    parseAccounts(text)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('expected parseAccounts to throw')
}

describe('accounts file errors', () => {
  const broken: Array<[string, string, RegExp]> = [
    ['a trailing comma', '[{"system_id":"a","password":"Secret9"},]', /line 1, column 40: a comma before '\]' \(JSON allows no trailing comma\)/],
    ['a missing comma', '[{"system_id":"a",\n "password":"Secret9" "max_rate":1}]', /line 2, column 23: expected ',' or '\}'/],
    ['an unquoted password', '[{"system_id":"a","password":Secret9}]', /line 1, column 30: expected a value/],
    ['a closing quote missing', '[{"system_id":"a","password":"Secret9\n}]', /line 1, column 38: a line break or control character inside a string/],
    ['the file cut short', '[{"system_id":"a","password":"Secret9', /line 1, column 38: the text ends before the JSON is complete/],
    ['a bad escape', '[{"system_id":"a","password":"Sec\\qret9"}]', /line 1, column 35: an invalid escape/],
    ['single quotes', "[{'system_id':'a','password':'Secret9'}]", /line 1, column 3: expected a key in double quotes/],
  ]
  it.each(broken)('%s: where and what, never the text', (_label, text, expected) => {
    const message = errorOf(text)
    expect(message).toMatch(/^--accounts: not valid JSON at /)
    expect(message).toMatch(expected)
    expect(message).not.toMatch(/Secret|Sec|ret9/)
    expect(message).toContain('(the text is not shown: it may hold passwords)')
  })

  it('finds no error in valid JSON, and an error wherever JSON.parse finds one', () => {
    for (const ok of ['[]', ' {"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]} ', '"x"', '0']) expect(jsonSyntaxError(ok)).toBeUndefined()
    for (const bad of ['', '[', '01', '1.', '[1,]', '{"a"}', '{"a":1,}', 'tru', '[] []', '"\\u12"', '-', '{1:2}']) {
      expect(() => JSON.parse(bad)).toThrow()
      expect(jsonSyntaxError(bad)).toBeDefined()
    }
    expect(jsonSyntaxError('[' .repeat(200_000))).toMatchObject({ line: 1 })
  })

  it('a password or system_id of the wrong type is named as such, its value not shown', () => {
    expect(errorOf('[{"system_id":"a","password":123}]')).toBe("--accounts [0]: 'password' must be a string in double quotes (got a number)")
    expect(errorOf('[{"system_id":"a","password":["Secret9"]}]')).toBe("--accounts [0]: 'password' must be a string in double quotes (got a list)")
    expect(errorOf('[{"system_id":7,"password":"x"}]')).toBe("--accounts [0]: 'system_id' must be a string in double quotes (got a number)")
    expect(errorOf('[{"system_id":"a"}]')).toBe("--accounts [0]: password is missing for system_id 'a'")
    expect(errorOf('[{"password":"Secret9"}]')).toBe('--accounts [0]: system_id is missing')
    expect(errorOf(`[{"system_id":"a","password":"${'S'.repeat(65)}"}]`)).toBe("--accounts [0]: the password of 'a' is longer than 64 characters")
  })

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseAccounts('\uFEFF[{"system_id":"a","password":"b"}]')).toEqual([{ systemId: 'a', password: 'b', behaviour: {} }])
  })
})
