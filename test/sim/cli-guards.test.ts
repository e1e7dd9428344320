// `smpp-bench sim` guards: open credentials stay on loopback unless --open says otherwise, the
// password can come from the environment (a flag shows in `ps`), and a failed listen or a bad
// rate says what to change. No test here listens on anything but 127.0.0.1: the addresses other
// machines reach are checked as a decision, and on the command line only with names under
// `.invalid`, which never resolve.

import { describe, expect, it } from 'vitest'
import { buildSimConfig } from '../../src/cli/sim-command.js'
import { exposureCheck, isLoopback, listenError } from '../../src/cli/sim-listen.js'
import { main } from '../../src/cli.js'
import { ConfigError } from '../../src/errors.js'
import { captureIo } from '../helpers/capture-io.js'

async function simExit(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; err: string }> {
  const io = captureIo(env)
  const code = await main(['node', 'smpp-bench', 'sim', '--quiet', ...args], io)
  return { code, err: io.err() }
}

describe('sim beyond loopback', () => {
  it('tells loopback from addresses other machines reach', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect([h, isLoopback(h)]).toEqual([h, true])
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', 'fe80::1', 'smsc.example.net', 'localhost.example.net', '128.0.0.1']) expect([h, isLoopback(h)]).toEqual([h, false])
  })

  it('refuses open credentials there without --open; with --open it warns; accounts need neither', () => {
    expect(() => exposureCheck('0.0.0.0', false, false)).toThrow(ConfigError)
    expect(() => exposureCheck('0.0.0.0', false, false)).toThrow(/^--host: 0\.0\.0\.0 is reachable from other machines, .*--accounts FILE or --system-id ID .*or --open/)
    expect(() => exposureCheck('::', false, false)).toThrow(/--host/)
    expect(exposureCheck('0.0.0.0', true, false)).toMatch(/^warning: listening on 0\.0\.0\.0 with --open: any system_id\/password from any machine/)
    expect(exposureCheck('0.0.0.0', false, true)).toBeUndefined()
    expect(exposureCheck('127.0.0.1', false, false)).toBeUndefined()
    expect(exposureCheck('127.0.0.1', true, false)).toBeUndefined()
    expect(() => exposureCheck('127.0.0.1', true, true)).toThrow(/^--open: .*cannot go with --accounts/)
  })

  it('the command refuses such a host with open credentials before listening (exit 2 naming --host)', async () => {
    const { code, err } = await simExit(['--host', 'no.such.host.invalid', '--port', '0'])
    expect(code).toBe(2)
    expect(err).toContain('--host: no.such.host.invalid is reachable from other machines')
    expect(err).not.toContain('listening')
  })

  it('a host name that does not resolve blames --host, not --port', async () => {
    const { code, err } = await simExit(['--host', 'no.such.host.invalid', '--port', '0', '--system-id', 'acme', '--password', 'pw'])
    expect(code).toBe(2)
    expect(err).toContain("--host: cannot listen on 'no.such.host.invalid': no such host name")
  })

  it('each failed listen names the flag to change, in words', () => {
    const e = (code: string): ConfigError => listenError(Object.assign(new Error(`listen ${code}`), { code }), '192.0.2.1', 80)
    expect(e('EADDRNOTAVAIL').message).toBe('--host: cannot listen on 192.0.2.1: it is not an address of this machine (e.g. 127.0.0.1, or 0.0.0.0 for all of them)')
    expect(e('EACCES').message).toMatch(/^--port: port 80 needs privileges/)
    expect(e('EADDRINUSE').message).toMatch(/^--port: port 80 on 192\.0\.2\.1 is already in use/)
    expect(e('EAI_AGAIN').message).toMatch(/^--host: .*no such host name/)
  })
})

describe('sim password from the environment', () => {
  it('SMPP_SIM_PASSWORD is the password of --system-id when --password is not given', () => {
    expect(buildSimConfig({ systemId: 'acme' }, { SMPP_SIM_PASSWORD: 's3cret' }).accounts).toEqual([{ systemId: 'acme', password: 's3cret', behaviour: {} }])
    expect(buildSimConfig({ systemId: 'acme', password: 'flag' }, { SMPP_SIM_PASSWORD: 's3cret' }).accounts?.[0]?.password).toBe('flag')
  })

  it('--system-id without a password, or the variable without --system-id, exits 2 naming what is missing (never the password)', async () => {
    const noPassword = await simExit(['--system-id', 'acme'])
    expect([noPassword.code, noPassword.err]).toEqual([2, expect.stringContaining('--system-id: needs --password or SMPP_SIM_PASSWORD')])
    const noId = await simExit(['--port', '0'], { SMPP_SIM_PASSWORD: 's3cret' })
    expect(noId.code).toBe(2)
    expect(noId.err).toContain('SMPP_SIM_PASSWORD: is set, so give --system-id for it')
    expect(noId.err).not.toContain('s3cret')
  })
})

describe('sim credentials', () => {
  it('--accounts with --password or --system-id says to use one or the other', async () => {
    for (const extra of [['--password', 'pw'], ['--system-id', 'acme'], ['--system-id', 'acme', '--password', 'pw']]) {
      const { code, err } = await simExit(['--accounts', 'accounts.json', ...extra])
      expect([extra, code, err]).toEqual([extra, 2, expect.stringContaining('--accounts: use either --accounts (passwords in the file) or --system-id/--password')])
    }
  })
})

describe('sim rates', () => {
  it.each([
    [['--max-rate', '-3'], '--max-rate: -3 is not a rate: give messages per second above 0 (leave it out for no limit)'],
    [['--max-rate', '0'], '--max-rate: 0 is not a rate'],
    [['--mo-rate', '-1'], '--mo-rate: -1 is not a rate: give messages per second above 0 (0 = none)'],
  ])('%j -> exit 2: %s', async (args, message) => {
    const { code, err } = await simExit(args)
    expect(code).toBe(2)
    expect(err).toContain(message)
  })
})
