// Reading a capture back with tshark (Wireshark's SMPP dissector, an independent decoder of our
// bytes): every SMPP PDU as a flat record of tshark's field values, the expert summary, and the
// per-operation statistics. Used by tshark.test.ts.

import { spawnSync } from 'node:child_process'
import { run } from './external-tools.js'

/** One SMPP PDU as tshark dissected it. */
export interface DissectedPdu {
  frame: number
  /** Sent to the SMSC port (by the ESME). */
  toSmsc: boolean
  /** tshark field name (without `smpp.`) -> its value as tshark prints it ("0x00000004", "12345", "6d:65"). */
  f: Record<string, string>
  /** The GSM SMS user-data layer tshark added for a short_message with a UDH, if any. */
  ud: Record<string, string> | undefined
  /** Every TLV tag tshark found, in order ("0x001e"). */
  tlvTags: string[]
}

export interface Dissection {
  pdus: DissectedPdu[]
  /** `-z expert,warn`: only warnings and errors are listed. */
  expert: string
  /** `-z smpp_commands,tree`: counts by operation and status name. */
  commands: string
  /** Raw JSON, to look for `_ws.malformed` / `_ws.expert` anywhere. */
  json: string
}

/** Can this process capture on the loopback interface (root, or the wireshark group)? */
export function cannotCapture(): string | undefined {
  const r = spawnSync('tshark', ['-i', 'lo', '-f', 'tcp port 9', '-a', 'duration:1', '-w', '/dev/null', '-q'], { encoding: 'utf8', timeout: 15_000 })
  if (r.status === 0) return undefined
  return `skipped: cannot capture on lo (${(r.stderr || r.error?.message || '').split('\n').filter((l) => !l.startsWith('Running as')).join(' ').slice(0, 100)}); run as root or in the wireshark group`
}

function flatten(node: unknown, into: Record<string, string>, prefix: string): void {
  if (node === null || typeof node !== 'object') return
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (Array.isArray(v)) for (const x of v) typeof x === 'object' ? flatten(x, into, prefix) : (into[k.slice(prefix.length)] = String(x))
    else if (typeof v === 'object') flatten(v, into, prefix)
    else if (k.startsWith(prefix)) into[k.slice(prefix.length)] = String(v)
    else into[k] = String(v)
  }
}

const asArray = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x])

/** Every value of `key` anywhere under `node`, in document order. */
function allValues(node: unknown, key: string, into: string[] = []): string[] {
  if (node === null || typeof node !== 'object') return into
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === key) for (const x of asArray(v)) typeof x === 'object' ? allValues(x, key, into) : into.push(String(x))
    else allValues(v, key, into)
  }
  return into
}

/** Dissects `file`, with TCP port `port` decoded as SMPP and data_coding 0 read as GSM 7-bit (unpacked). */
export async function dissect(file: string, port: number): Promise<Dissection> {
  const base = ['-r', file, '-d', `tcp.port==${port},smpp`, '-o', 'smpp.decode_sms_over_smpp:GSM 7-bit']
  const [j, e, c] = await Promise.all([
    run('tshark', [...base, '-Y', 'smpp', '-T', 'json', '--no-duplicate-keys', '-J', 'frame tcp smpp gsm_sms_ud'], 60_000),
    run('tshark', [...base, '-q', '-z', 'expert,warn'], 60_000),
    run('tshark', [...base, '-q', '-z', 'smpp_commands,tree'], 60_000),
  ])
  for (const r of [j, e, c]) if (r.code !== 0) throw new Error(`tshark failed (${String(r.code)} ${String(r.signal)}): ${r.stderr}`)
  const packets = JSON.parse(j.stdout) as Array<{ _source: { layers: Record<string, unknown> } }>
  const pdus: DissectedPdu[] = []
  for (const p of packets) {
    const layers = p._source.layers
    const frame = Number((layers.frame as Record<string, string>)['frame.number'])
    const toSmsc = Number((layers.tcp as Record<string, string>)['tcp.dstport']) === port
    const uds = asArray(layers.gsm_sms_ud)
    let udAt = 0
    for (const s of asArray(layers.smpp)) {
      const f: Record<string, string> = {}
      flatten(s, f, 'smpp.')
      // A PDU whose esm_class has the UDHI bit got a gsm_sms_ud layer, in the same order.
      const hasUdh = f['esm.submit.features'] !== undefined && (Number(f['esm.submit.features']) & 1) === 1
      let ud: Record<string, string> | undefined
      if (hasUdh) {
        ud = {}
        flatten(uds[udAt++], ud, '')
      }
      pdus.push({ frame, toSmsc, f, ud, tlvTags: allValues(s, 'smpp.opt_param_tag') })
    }
  }
  return { pdus, expert: e.stdout, commands: c.stdout, json: j.stdout }
}

/** A tshark number field ("0x01", "52") as a number. */
export const num = (v: string | undefined): number => (v === undefined ? Number.NaN : Number(v))

/** A tshark bytes field ("6d:65:…") as a Buffer. */
export const octets = (v: string | undefined): Buffer => Buffer.from((v ?? '').replace(/:/g, ''), 'hex')
