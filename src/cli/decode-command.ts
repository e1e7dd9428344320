// `smpp-bench decode <hex...>` (or hex on stdin, or a hex dump from Wireshark, hexdump -C or
// xxd): decodes one PDU or a stream of them and prints each as pretty JSON (a stream of JSON
// documents, one per PDU, as jq reads them). A PDU that does not decode prints
// `decode error: <STATUS> (0x…): why` on stderr and the exit code is 2; the next PDU is still
// decoded when framing allows, since its command_length is intact.

import { Command, Option } from 'commander'
import { ConfigError, DecodeError } from '../errors.js'
import { CommandStatus, DEFAULT_MAX_COMMAND_LENGTH, HEADER_LENGTH } from '../protocol/index.js'
import type { CliIo } from './io.js'
import { looksLikeFrame } from './capture.js'
import { decodeCaptureFile } from './decode-capture.js'
import { describeDecodeError, printPdu, type DecodeFlags } from './decode-print.js'

const EXIT_BAD_INPUT = 2
const NOT_SMPP_HINT =
  'hint: the input should start with an SMPP header (command_length, command_id, …); in Wireshark, ' +
  'copy the SMPP layer or the TCP payload, not the whole frame; or give the capture file: decode --pcap FILE\n'
const FRAME_HINT =
  'hint: this is a whole Ethernet/IP/TCP frame (as tshark -x prints it), not an SMPP PDU: give the capture ' +
  'file itself (smpp-bench decode --pcap FILE, pcap or pcapng), or only the TCP payload\n'
/** tshark -x prints one hex dump per frame, each from offset 0000. */
const SEVERAL_DUMPS = /^0000 [\s\S]*^0000 /m


/** Input that is not whole hex octets. */
class HexError extends Error {}

/**
 * Octets from hex text: whitespace, colons, commas and `0x` prefixes are ignored, so `0x00000010`,
 * `00 00 00 10`, `00:00:00:10` and `0x00, 0x00, 0x00, 0x10` all work, and so does a hex dump
 * (below). Throws HexError for other characters or an odd digit count.
 */
export function parseHex(text: string): Buffer {
  const array = cArrayOctets(text)
  if (array !== undefined) return array
  const dump = hexDumpText(text)
  const clean = (dump ?? text).replace(/0x/gi, '').replace(/[\s:,]+/g, '')
  const bad = /[^0-9a-fA-F]/.exec(clean)
  if (bad !== null) throw new HexError(`'${bad[0]}' is not a hex digit`)
  if (clean.length % 2 !== 0) throw new HexError(`odd number of hex digits (${clean.length}): the last octet is incomplete`)
  return Buffer.from(clean, 'hex')
}

/**
 * A C array or list of `0x..` octets separated by commas (`{ 0x0, 0x0, 0x10 }`): each item is one
 * octet, so a single digit (`0x0`) is a whole octet, not half of one.
 */
function cArrayOctets(text: string): Buffer | undefined {
  const items = text.replace(/[{};]/g, ' ').split(',').map((t) => t.trim()).filter((t) => t !== '')
  if (items.length < 2 || !items.every((t) => /^0x[0-9a-f]{1,2}$/i.test(t))) return undefined
  return Buffer.from(items.map((t) => Number.parseInt(t.slice(2), 16)))
}

/** `offset   hex bytes   ascii`: Wireshark's "Copy as Hex Dump" (3 spaces), `hexdump -C` (`  |`), `xxd` (`offset:`, 2 spaces). */
const DUMP_LINE = /^\s*([0-9a-fA-F]{4,8})(:\s|\s{2,})(.*)$/

/**
 * The hex columns of a hex dump, or undefined when `text` is not one: every non-empty line
 * starts with an offset, the first is 0 and each next one is where the previous line's octets end.
 */
function hexDumpText(text: string): string | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  let expected = 0
  const hex: string[] = []
  for (const [i, line] of lines.entries()) {
    // hexdump -C ends with a line holding only the total length.
    if (i > 0 && i === lines.length - 1 && /^\s*[0-9a-fA-F]{4,8}\s*$/.test(line) && Number.parseInt(line, 16) === expected) break
    const m = DUMP_LINE.exec(line)
    if (m === null || Number.parseInt(m[1]!, 16) !== expected) return undefined
    // The octets end where the ASCII column starts: 3 spaces (Wireshark), `  |` (hexdump -C), 2 spaces (xxd).
    const rest = m[3]!
    const end = m[2]!.startsWith(':') ? rest.indexOf('  ') : rest.search(/ {3}| {2}\|/)
    const octets = (end < 0 ? rest : rest.slice(0, end)).replace(/\s+/g, '')
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(octets)) return undefined
    expected += octets.length / 2
    hex.push(octets)
  }
  return hex.length > 0 ? hex.join('') : undefined
}


/** Why the octets at `offset` cannot be framed as a PDU, or undefined when they can. */
function framingError(buf: Buffer, offset: number): DecodeError | undefined {
  const left = buf.length - offset
  const fatal = { fatal: true }
  if (left < HEADER_LENGTH) {
    const octets = left === 1 ? '1 trailing octet is' : `${left} trailing octets are`
    return new DecodeError(`${octets} not enough for a ${HEADER_LENGTH}-octet PDU header`, CommandStatus.ESME_RINVCMDLEN, fatal)
  }
  const length = buf.readUInt32BE(offset)
  if (length < HEADER_LENGTH || length > DEFAULT_MAX_COMMAND_LENGTH) {
    return new DecodeError(`command_length ${length} outside ${HEADER_LENGTH}…${DEFAULT_MAX_COMMAND_LENGTH}`, CommandStatus.ESME_RINVCMDLEN, fatal)
  }
  if (length > left) {
    return new DecodeError(`command_length ${length} but only ${left} ${left === 1 ? 'octet was' : 'octets were'} given`, CommandStatus.ESME_RINVCMDLEN, {
      fatal: true,
      sequenceNumber: buf.readUInt32BE(offset + 12),
    })
  }
  return undefined
}

/** Decodes every PDU of `buf`, writing JSON to stdout and errors to stderr; returns the exit code. */
function decodeAndPrint(buf: Buffer, io: CliIo, flags: DecodeFlags): number {
  let exit = 0
  let offset = 0
  while (offset < buf.length) {
    const unframeable = framingError(buf, offset)
    if (unframeable !== undefined) {
      // The stream cannot be re-synchronised after a bad command_length: stop here.
      io.stderr.write(describeDecodeError(unframeable, offset) + '\n')
      // A whole frame, or a huge first length: lower-layer headers were copied along.
      if (offset === 0 && looksLikeFrame(buf)) io.stderr.write(FRAME_HINT)
      else if (offset === 0 && buf.length >= HEADER_LENGTH && buf.readUInt32BE(0) > DEFAULT_MAX_COMMAND_LENGTH) io.stderr.write(NOT_SMPP_HINT)
      return EXIT_BAD_INPUT
    }
    const length = buf.readUInt32BE(offset)
    if (!printPdu(buf, offset, length, io, flags)) exit = EXIT_BAD_INPUT
    offset += length
  }
  return exit
}


async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk)
  return Buffer.concat(chunks).toString('latin1')
}

export function buildDecodeCommand(io: CliIo): Command {
  return new Command('decode')
    .description(
      'decode SMPP PDUs given in hex and print each as JSON: command and status by name, every field and TLV ' +
        'by its spec name, octets as hex, message text when data_coding says how, the parsed delivery receipt',
    )
    .argument('[hex...]', 'PDU octets in hex, one PDU or several back to back (spaces, colons, commas, 0x allowed, or a Wireshark/hexdump -C/xxd hex dump); read from stdin when absent')
    .addOption(new Option('--alphabet <name>', 'what data_coding 0 means on this link').choices(['gsm7', 'latin1']).default('gsm7'))
    .option('--strict', 'enforce the v3.4 maxima of system_id, password and system_type (default: accept up to 64 characters)')
    .option('--pcap <file>', 'decode the SMPP PDUs in the TCP streams of a capture file (pcap or pcapng, e.g. from tshark -w or tcpdump -w)')
    .option('--compact', 'print each PDU on one line')
    .option('--show-password', 'print bind and outbind passwords (shown as *** by default)')
    .action(async (hexArgs: string[], flags: DecodeFlags) => {
      if (flags.pcap !== undefined) {
        if (hexArgs.length > 0) throw new ConfigError('give a capture file or hex, not both', '--pcap')
        io.exitCode = await decodeCaptureFile(flags.pcap, io, flags)
        return
      }
      let text: string
      if (hexArgs.length > 0) {
        text = hexArgs.join(' ')
      } else if (io.stdin.isTTY === true) {
        text = ''
      } else {
        text = await readAll(io.stdin)
      }
      let buf: Buffer
      try {
        buf = parseHex(text)
      } catch (err) {
        if (!(err instanceof HexError)) throw err
        io.stderr.write(`decode error: input is not hex: ${err.message}\n`)
        if (SEVERAL_DUMPS.test(text)) io.stderr.write(FRAME_HINT)
        io.exitCode = EXIT_BAD_INPUT
        return
      }
      if (buf.length === 0) {
        io.stderr.write('decode error: no input: give the PDU as hex arguments or on stdin\n')
        io.exitCode = EXIT_BAD_INPUT
        return
      }
      io.exitCode = decodeAndPrint(buf, io, flags)
    })
}
