// The published package is complete and quiet: `npm pack` (which builds through prepack) ships
// the LICENSE, the build, the docs the README links to, and no source map pointing at files it
// does not ship; installing it runs no script. Packed from a copy, so this checkout's dist/ is
// left alone while other tests may read it.

import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const SHIPPED_SOURCES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'bin', 'docs', 'README.md', 'LICENSE']
/** Scripts npm runs when the package is installed as a dependency (and lists in its install-scripts warning). */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare']

let dir = ''
let files: string[] = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smpp-bench-pack-'))
  for (const f of SHIPPED_SOURCES.filter((f) => existsSync(join(root, f)))) cpSync(join(root, f), join(dir, f), { recursive: true })
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 170_000 })
  files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path)
}, 180_000)
afterAll(() => { if (dir !== '') rmSync(dir, { recursive: true, force: true }) })

describe('npm pack', () => {
  it('ships the LICENSE (MIT, as package.json says), the build, the bin and the docs', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/smpp-bench.js', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'docs/run.md']))
    const license = readFileSync(join(dir, 'LICENSE'), 'utf8')
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} smpp-bench contributors\n/)
    expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string }).license).toBe('MIT')
  })

  it('every relative link of the README and the docs points at a shipped file', () => {
    for (const doc of files.filter((f) => f === 'README.md' || (f.startsWith('docs/') && f.endsWith('.md')))) {
      const base = doc.includes('/') ? doc.slice(0, doc.lastIndexOf('/') + 1) : ''
      for (const m of readFileSync(join(root, doc), 'utf8').matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        const target = m[1]!
        if (/^[a-z]+:/.test(target)) continue
        expect(files, `${doc} links ${target}`).toContain(join(base, target))
      }
    }
  })

  it('no source map, and no sourceMappingURL, points at a file the package does not ship', () => {
    for (const f of files.filter((p) => p.endsWith('.js'))) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(dir, f), 'utf8'))?.[1]
      if (url !== undefined) expect(files, `${f} names ${url}`).toContain(join(f, '..', url))
    }
    for (const f of files.filter((p) => p.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { sources: string[] }
      for (const s of map.sources) expect(files, `${f} points at ${s}`).toContain(join(f, '..', s))
    }
  })

  it('runs no script when installed (the build happens at pack time, in prepack)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(Object.keys(pkg.scripts).filter((s) => INSTALL_SCRIPTS.includes(s))).toEqual([])
    expect(pkg.scripts['prepack']).toContain('npm run build')
  })
})
