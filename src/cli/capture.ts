// The TCP payloads of a packet capture, for `decode --pcap`: pcap (either byte order, µs or ns
// timestamps) and pcapng (section, interface, enhanced and simple packet blocks); frames of
// Ethernet, Linux cooked (SLL, SLL2), BSD loopback or raw IP; IPv4 and IPv6. Each TCP direction is
// one stream, its segments put in sequence order as they come (a retransmission's repeated octets
// dropped), so a PDU split over segments is whole again. No I/O: the file's octets come in.

/** A TCP segment's payload, with where it came from. */
export interface Segment {
  /** 1-based, as Wireshark numbers frames. */
  frame: number
  /** "10.0.0.1:40000 > 10.0.0.2:2775". */
  stream: string
  payload: Buffer
}

/** The capture cannot be read; the message says why. */
export class CaptureError extends Error {}

interface Frame { linkType: number; data: Buffer }

const LINK = { NULL: 0, ETHERNET: 1, RAW: 101, SLL: 113, LOOP: 108, SLL2: 276, IPV4: 228, IPV6: 229 } as const

/** Every frame of a pcap or pcapng file, in file order. */
function frames(file: Buffer): Frame[] {
  if (file.length < 24) throw new CaptureError(`${file.length} octets are too few for a capture file`)
  const magic = file.readUInt32BE(0)
  if (magic === 0x0a0d0d0a) return pcapngFrames(file)
  const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1
  if (!le && magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new CaptureError('not a pcap or pcapng file (unknown magic number)')
  const u32 = (o: number): number => (le ? file.readUInt32LE(o) : file.readUInt32BE(o))
  const linkType = u32(20) & 0xffff
  const out: Frame[] = []
  for (let o = 24; o + 16 <= file.length;) {
    const captured = u32(o + 8)
    const start = o + 16
    if (start + captured > file.length) break // a capture cut short: keep what is whole
    out.push({ linkType, data: file.subarray(start, start + captured) })
    o = start + captured
  }
  return out
}

function pcapngFrames(file: Buffer): Frame[] {
  const out: Frame[] = []
  let le = true
  let links: number[] = []
  for (let o = 0; o + 12 <= file.length;) {
    const type = file.readUInt32BE(o)
    if (type === 0x0a0d0d0a) {
      // A section header: its byte-order magic says how to read the section; interfaces restart.
      le = file.readUInt32LE(o + 8) === 0x1a2b3c4d
      links = []
    }
    const u32 = (at: number): number => (le ? file.readUInt32LE(at) : file.readUInt32BE(at))
    const length = u32(o + 4)
    if (length < 12 || o + length > file.length) break
    const blockType = u32(o)
    if (blockType === 1) links.push(le ? file.readUInt16LE(o + 8) : file.readUInt16BE(o + 8))
    else if (blockType === 6) {
      const captured = u32(o + 20)
      out.push({ linkType: links[u32(o + 8)] ?? LINK.ETHERNET, data: file.subarray(o + 28, o + 28 + Math.min(captured, length - 28)) })
    } else if (blockType === 3) {
      out.push({ linkType: links[0] ?? LINK.ETHERNET, data: file.subarray(o + 16, o + length - 4) })
    }
    o += length
  }
  return out
}

/** Where the IP packet starts in a frame of this link type, or undefined when it carries none. */
function ipOffset(f: Frame): number | undefined {
  const d = f.data
  switch (f.linkType) {
    case LINK.ETHERNET: {
      let o = 12
      while (o + 2 <= d.length && (d.readUInt16BE(o) === 0x8100 || d.readUInt16BE(o) === 0x88a8)) o += 4 // VLAN tags
      const etherType = o + 2 <= d.length ? d.readUInt16BE(o) : 0
      return etherType === 0x0800 || etherType === 0x86dd ? o + 2 : undefined
    }
    case LINK.NULL:
    case LINK.LOOP: return 4
    case LINK.SLL: return 16
    case LINK.SLL2: return 20
    case LINK.RAW:
    case LINK.IPV4:
    case LINK.IPV6: return 0
    default: return undefined
  }
}

interface Tcp { stream: string; seq: number; syn: boolean; payload: Buffer }

/** The TCP segment in a frame, or undefined for anything else. */
function tcpOf(f: Frame): Tcp | undefined {
  const d = f.data
  const ip = ipOffset(f)
  if (ip === undefined || ip >= d.length) return undefined
  const version = d[ip]! >> 4
  let tcp: number
  let end: number
  let src: string
  let dst: string
  if (version === 4) {
    if (d[ip + 9] !== 6 || ip + 20 > d.length) return undefined
    tcp = ip + (d[ip]! & 0x0f) * 4
    end = Math.min(d.length, ip + d.readUInt16BE(ip + 2))
    src = [...d.subarray(ip + 12, ip + 16)].join('.')
    dst = [...d.subarray(ip + 16, ip + 20)].join('.')
  } else if (version === 6) {
    if (d[ip + 6] !== 6 || ip + 40 > d.length) return undefined // extension headers: not followed
    tcp = ip + 40
    end = Math.min(d.length, tcp + d.readUInt16BE(ip + 4))
    src = `[${ipv6(d.subarray(ip + 8, ip + 24))}]`
    dst = `[${ipv6(d.subarray(ip + 24, ip + 40))}]`
  } else return undefined
  if (tcp + 20 > end) return undefined
  const payloadAt = tcp + (d[tcp + 12]! >> 4) * 4
  return {
    stream: `${src}:${d.readUInt16BE(tcp)} > ${dst}:${d.readUInt16BE(tcp + 2)}`,
    seq: d.readUInt32BE(tcp + 4),
    syn: (d[tcp + 13]! & 0x02) !== 0,
    payload: d.subarray(Math.min(payloadAt, end), end),
  }
}

function ipv6(b: Buffer): string {
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16))
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')
}

/**
 * The TCP payloads of a capture in frame order, each direction's octets in sequence: a segment
 * already seen (a retransmission) is dropped, one overlapping what was seen is trimmed.
 */
export function tcpSegments(file: Buffer): Segment[] {
  const next = new Map<string, number>() // per stream: the sequence number expected next
  const out: Segment[] = []
  for (const [i, f] of frames(file).entries()) {
    const t = tcpOf(f)
    if (t === undefined) continue
    if (t.syn) next.set(t.stream, (t.seq + 1) >>> 0)
    if (t.payload.length === 0) continue
    const expected = next.get(t.stream) ?? t.seq
    // How far the segment starts before the expected octet (mod 2^32; a later one is >= 2^31 back).
    const behind = (expected - t.seq) >>> 0
    const skip = behind < 0x80000000 ? behind : 0
    if (skip >= t.payload.length) continue
    next.set(t.stream, (t.seq + t.payload.length) >>> 0)
    out.push({ frame: i + 1, stream: t.stream, payload: t.payload.subarray(skip) })
  }
  return out
}

/**
 * Whether octets look like a whole Ethernet frame carrying TCP over IPv4/IPv6 (what `tshark -x`
 * and Wireshark's "Copy as Hex" of a frame give), rather than an SMPP PDU.
 */
export function looksLikeFrame(buf: Buffer): boolean {
  return tcpOf({ linkType: LINK.ETHERNET, data: buf }) !== undefined
}
