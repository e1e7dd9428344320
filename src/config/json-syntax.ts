// Where and why a JSON text is invalid, told without quoting it: JSON.parse's own messages quote
// the text around the error, and in a file of accounts that text is someone's password.

export interface JsonSyntaxError {
  /** 1-based line and column (in characters) of the first octet that cannot be JSON. */
  line: number
  column: number
  /** What is wrong there, in words that never contain the text itself. */
  problem: string
}

class Stop extends Error {
  constructor(readonly at: number, readonly problem: string) {
    super(problem)
  }
}

const VALUE = 'expected a value (a string in double quotes, a number, true, false, null, a list or an object)'

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0
  const end = (): boolean => i >= text.length
  const fail = (problem: string): never => {
    throw new Stop(i, end() ? 'the text ends before the JSON is complete' : problem)
  }
  const ws = (): void => {
    while (!end() && ' \t\n\r'.includes(text[i]!)) i++
  }
  const string = (): void => {
    i++ // the opening quote
    for (;;) {
      if (end()) fail('')
      const c = text.charCodeAt(i)
      if (c === 0x22) break
      if (c < 0x20) fail('a line break or control character inside a string (a closing " missing?)')
      if (c === 0x5c) {
        i++
        if (end()) fail('')
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('an invalid \\u escape inside a string')
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i]!)) fail('an invalid escape (a backslash before a character that takes none) inside a string')
      }
      i++
    }
    i++
  }
  const value = (): void => {
    ws()
    if (end()) fail('')
    const c = text[i]!
    if (c === '{') return object()
    if (c === '[') return list()
    if (c === '"') return string()
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400))
    if (m === null || /[\w.+-]/.test(text[i + m[0].length] ?? '')) fail(/[-\d]/.test(c) ? 'an invalid number' : VALUE)
    i += m![0].length
  }
  const items = (close: string, item: () => void): void => {
    i++ // the opening bracket
    ws()
    if (text[i] === close) {
      i++
      return
    }
    for (;;) {
      item()
      ws()
      if (text[i] === close) break
      if (text[i] !== ',') fail(`expected ',' or '${close}'`)
      const comma = i++
      ws()
      if (text[i] === close) {
        i = comma
        fail(`a comma before '${close}' (JSON allows no trailing comma)`)
      }
    }
    i++
  }
  const object = (): void =>
    items('}', () => {
      ws()
      if (text[i] !== '"') fail('expected a key in double quotes')
      string()
      ws()
      if (text[i] !== ':') fail("expected ':' after the key")
      i++
      value()
    })
  const list = (): void => items(']', value)
  try {
    value()
    ws()
    if (!end()) fail('more text after the end of the JSON value')
    return undefined
  } catch (err) {
    // A RangeError: lists or objects nested deeper than the stack goes.
    const [at, problem] = err instanceof Stop ? [err.at, err.problem] : err instanceof RangeError ? [i, 'nested too deeply'] : [-1, '']
    if (at < 0) throw err
    const before = text.slice(0, at).split(/\r\n|\r|\n/)
    return { line: before.length, column: before[before.length - 1]!.length + 1, problem }
  }
}
