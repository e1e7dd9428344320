import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkWritable, tempPathFor, writeFileAtomic, writeFileAtomicSync } from '../../src/report/output-file.js'

let dir = ''
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'smpp-bench-out-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('output files', () => {
  it('are replaced whole, through a temporary file beside them that does not stay', async () => {
    const f = join(dir, 'r.json')
    writeFileSync(f, 'old')
    await writeFileAtomic(f, 'new')
    expect(readFileSync(f, 'utf8')).toBe('new')
    writeFileAtomicSync(f, 'newer')
    expect(readFileSync(f, 'utf8')).toBe('newer')
    expect(readdirSync(dir)).toEqual(['r.json'])
    expect(tempPathFor(f)).toBe(join(dir, `.r.json.${process.pid}.tmp`))
  })

  it('a failed write leaves the old file and no temporary one', async () => {
    const f = join(dir, 'd')
    mkdirSync(f)
    await expect(writeFileAtomic(f, 'x')).rejects.toThrow()
    expect(() => writeFileAtomicSync(f, 'x')).toThrow()
    expect(readdirSync(dir)).toEqual(['d'])
  })

  it('checkWritable neither creates nor truncates the file; refuses a directory or a missing one', async () => {
    const f = join(dir, 'r.json')
    await checkWritable(f)
    expect(readdirSync(dir)).toEqual([])
    writeFileSync(f, 'previous result')
    await checkWritable(f)
    expect(readFileSync(f, 'utf8')).toBe('previous result')
    await expect(checkWritable(dir)).rejects.toThrow('it is a directory')
    await expect(checkWritable(join(dir, 'no', 'r.json'))).rejects.toThrow(/ENOENT/)
  })
})
