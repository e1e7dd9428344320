// `decode --pcap FILE`: the SMPP PDUs in the TCP streams of a capture, each printed as `decode`
// prints one, with the frame it ends in and its stream first. A stream whose octets do not frame
// as SMPP (another protocol on the link) is named once on stderr and skipped.

import { readFile } from 'node:fs/promises'
import { DEFAULT_MAX_COMMAND_LENGTH, HEADER_LENGTH } from '../protocol/index.js'
import { CaptureError, tcpSegments } from './capture.js'
import type { CliIo } from './io.js'
import { printPdu, type DecodeFlags } from './decode-print.js'

const EXIT_BAD_INPUT = 2

export async function decodeCaptureFile(file: string, io: CliIo, flags: DecodeFlags): Promise<number> {
  let octets: Buffer
  try {
    octets = await readFile(file)
  } catch (err) {
    io.stderr.write(`decode error: cannot read '${file}': ${(err as Error).message}\n`)
    return EXIT_BAD_INPUT
  }
  let segments
  try {
    segments = tcpSegments(octets)
  } catch (err) {
    if (!(err instanceof CaptureError)) throw err
    io.stderr.write(`decode error: '${file}': ${err.message}\n`)
    return EXIT_BAD_INPUT
  }
  let exit = 0
  let pdus = 0
  const pending = new Map<string, Buffer>()
  const skipped = new Set<string>()
  for (const seg of segments) {
    if (skipped.has(seg.stream)) continue
    let buf = Buffer.concat([pending.get(seg.stream) ?? Buffer.alloc(0), seg.payload])
    while (buf.length >= HEADER_LENGTH) {
      const length = buf.readUInt32BE(0)
      if (length < HEADER_LENGTH || length > DEFAULT_MAX_COMMAND_LENGTH) {
        io.stderr.write(`note: ${seg.stream} (frame ${seg.frame}) is not SMPP (command_length ${length}): stream skipped\n`)
        skipped.add(seg.stream)
        break
      }
      if (length > buf.length) break
      if (!printPdu(buf, 0, length, io, flags, { frame: seg.frame, stream: seg.stream })) exit = EXIT_BAD_INPUT
      pdus++
      buf = buf.subarray(length)
    }
    pending.set(seg.stream, buf)
  }
  for (const [stream, rest] of pending) {
    if (rest.length > 0 && !skipped.has(stream)) io.stderr.write(`note: ${stream}: ${rest.length} octet(s) of a PDU the capture ends before\n`)
  }
  if (pdus === 0) {
    io.stderr.write(`decode error: no SMPP PDU in the TCP streams of '${file}'\n`)
    return EXIT_BAD_INPUT
  }
  return exit
}
