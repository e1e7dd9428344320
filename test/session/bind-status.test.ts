// The words of a refused bind (the CLI's exit-3 message): the status by name and number, and what
// to check — the generic ESME_RBINDFAIL also stands for refusals that are not the credentials.
import { describe, expect, it } from 'vitest'
import { CommandStatus } from '../../src/protocol/status.js'
import { describeBindStatus } from '../../src/session/esme-types.js'

describe('describeBindStatus', () => {
  it('names the credential to check for ESME_RINVPASWD and ESME_RINVSYSID', () => {
    expect(describeBindStatus(CommandStatus.ESME_RINVPASWD)).toBe('ESME_RINVPASWD (0x0000000E) — check the password')
    expect(describeBindStatus(CommandStatus.ESME_RINVSYSID)).toBe('ESME_RINVSYSID (0x0000000F) — check system_id')
  })

  it('ESME_RBINDFAIL: the credentials, a source address not allow-listed, or a bind limit', () => {
    expect(describeBindStatus(CommandStatus.ESME_RBINDFAIL)).toBe('ESME_RBINDFAIL (0x0000000D) — check system_id/password; ' +
      'SMSCs answer it too when the source address is not allow-listed or the account has all the binds it may hold')
  })

  it('ESME_RINVSYSTYP: the system_type; ESME_RALYBND on a new bind: a bind limit', () => {
    expect(describeBindStatus(CommandStatus.ESME_RINVSYSTYP)).toBe('ESME_RINVSYSTYP (0x00000053) — check --system-type (many SMSCs want it empty)')
    expect(describeBindStatus(CommandStatus.ESME_RALYBND)).toMatch(/^ESME_RALYBND \(0x00000005\) — the SMSC may hold this system_id to fewer binds/)
  })

  it('any other status: its name and number only', () => {
    expect(describeBindStatus(CommandStatus.ESME_RSYSERR)).toBe('ESME_RSYSERR (0x00000008)')
    expect(describeBindStatus(0x400)).toMatch(/\(0x00000400\)$/)
  })
})
