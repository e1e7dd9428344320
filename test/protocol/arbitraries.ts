// fast-check generators of valid v3.4 PDUs: every command, fields within their spec maxima,
// TLVs of every known value type plus unknown vendor tags. "Valid" means what our encoder emits,
// so decode(encode(p)) must give p back exactly.

import fc from 'fast-check'
import { pdu, Writer } from '../../src/protocol/index.js'
import { encodeTlvs, tlvsMaxLength } from '../../src/protocol/tlv.js'
import type { CommandName, DestAddress, Pdu, Tlvs, UnsuccessSme } from '../../src/protocol/index.js'

const u8 = fc.integer({ min: 0, max: 0xff })
const u16 = fc.integer({ min: 0, max: 0xffff })
const u32 = fc.integer({ min: 0, max: 0xffffffff })

/** A C-Octet String of at most `max` octets including the NUL: latin1 characters 1–255. */
export function cstr(max: number): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 1, max: 0xff })), { maxLength: max - 1 })
    .map((codes) => String.fromCharCode(...codes))
}

const digits = (n: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))

/** NULL, an absolute time `YYMMDDhhmmsstnn±` or a relative one `YYMMDDhhmmss000R` (SMPP v3.4 time format). */
const time = fc.oneof(
  fc.constant(''),
  fc.tuple(digits(13), digits(2), fc.constantFrom('+', '-')).map(([a, b, c]) => a + b + c),
  digits(12).map((d) => d + '000R'),
)

const octets = (min: number, max: number, size: fc.SizeForArbitrary = 'small'): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ minLength: min, maxLength: max, size }).map((a) => Buffer.from(a))

/** Known TLVs by name with a valid value each; repeated tags as arrays of two or more. */
const knownTlv: Record<string, fc.Arbitrary<unknown>> = {
  dest_addr_subunit: u8,
  dest_network_type: u8,
  dest_bearer_type: u8,
  dest_telematics_id: u16,
  source_addr_subunit: u8,
  source_network_type: u8,
  source_bearer_type: u8,
  source_telematics_id: u16,
  qos_time_to_live: u32,
  payload_type: u8,
  additional_status_info_text: cstr(256),
  receipted_message_id: cstr(65),
  ms_msg_wait_facilities: u8,
  privacy_indicator: u8,
  source_subaddress: octets(2, 23),
  dest_subaddress: octets(2, 23),
  user_message_reference: u16,
  user_response_code: u8,
  source_port: u16,
  destination_port: u16,
  sar_msg_ref_num: u16,
  language_indicator: u8,
  sar_total_segments: u8,
  sar_segment_seqnum: u8,
  sc_interface_version: u8,
  callback_num_pres_ind: fc.oneof(u8, fc.array(u8, { minLength: 2, maxLength: 3 })),
  callback_num_atag: fc.oneof(octets(0, 65), fc.array(octets(0, 65), { minLength: 2, maxLength: 3 })),
  number_of_messages: u8,
  callback_num: fc.oneof(octets(4, 19), fc.array(octets(4, 19), { minLength: 2, maxLength: 3 })),
  dpf_result: u8,
  set_dpf: u8,
  ms_availability_status: u8,
  network_error_code: octets(3, 3),
  delivery_failure_reason: u8,
  more_messages_to_send: u8,
  message_state: u8,
  ussd_service_op: u8,
  display_time: u8,
  sms_signal: u16,
  ms_validity: fc.oneof(u8, octets(4, 4)),
  alert_on_message_delivery: fc.oneof(fc.constant(true as const), u8),
  its_reply_type: u8,
  its_session_info: octets(2, 2),
  congestion_state: u8,
}

/** Vendor range 0x1400–0x3FFF, where v3.4 assigns no tag, kept raw under `0xhhhh`. */
const unknownTlv = fc
  .tuple(fc.integer({ min: 0x1400, max: 0x3fff }), octets(0, 40))
  .map(([tag, value]) => [`0x${tag.toString(16).padStart(4, '0')}`, value] as const)

/**
 * A non-empty TLV set in random order (key order is wire order). message_payload is added by the
 * caller when the PDU carries its user data there.
 */
export const tlvs: fc.Arbitrary<Tlvs> = fc
  .tuple(
    fc.shuffledSubarray(Object.keys(knownTlv), { minLength: 0, maxLength: 6 }),
    fc.uniqueArray(unknownTlv, { maxLength: 3, selector: ([k]) => k }),
  )
  .chain(([names, unknown]) =>
    fc.tuple(fc.tuple(...names.map((n) => knownTlv[n]!)), fc.constant(names), fc.constant(unknown)),
  )
  .filter(([, names, unknown]) => names.length + unknown.length > 0)
  .map(([values, names, unknown]) => {
    const out: Record<string, unknown> = {}
    names.forEach((n, i) => (out[n] = values[i]))
    for (const [k, v] of unknown) out[k] = v
    return out as Tlvs
  })

const maybeTlvs = fc.option(tlvs, { nil: undefined, freq: 3 })

/** A few tags, so that sequences of TLVs often repeat one: repeatable, not, C-string, unknown. */
const repeatingNames = ['callback_num', 'callback_num_pres_ind', 'message_state', 'receipted_message_id', 'source_telematics_id']

/**
 * The TLV area of a PDU as wire bytes: 1–10 TLVs in any order, tags repeating (any tag, also
 * the non-repeatable ones), each value in the canonical form our encoder writes.
 */
export const repeatedTlvWire: fc.Arbitrary<Buffer> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...repeatingNames, ...Object.keys(knownTlv)).chain((n) => knownTlv[n]!.map((v) => ({ [n]: v }))),
      fc.tuple(fc.integer({ min: 0x1400, max: 0x1402 }), octets(0, 8)).map(([tag, v]) => ({ [`0x${tag.toString(16)}`]: v })),
    ),
    { minLength: 1, maxLength: 10 },
  )
  .map((entries) => {
    const w = new Writer(Buffer.alloc(64), 0, true)
    for (const e of entries) {
      w.ensure(tlvsMaxLength(e as Tlvs))
      encodeTlvs(w, e as Tlvs)
    }
    return Buffer.from(w.buf.subarray(0, w.pos))
  })

const shortMessageFields = {
  service_type: cstr(6),
  source_addr_ton: u8,
  source_addr_npi: u8,
  source_addr: cstr(21),
  dest_addr_ton: u8,
  dest_addr_npi: u8,
  destination_addr: cstr(21),
  esm_class: u8,
  protocol_id: u8,
  priority_flag: u8,
  schedule_delivery_time: time,
  validity_period: time,
  registered_delivery: u8,
  replace_if_present_flag: u8,
  data_coding: u8,
  sm_default_msg_id: u8,
}

/** short_message of 0–254 octets, or an empty one with the user data in message_payload. */
const userData = fc.oneof(
  fc.record({ short_message: octets(0, 254, 'medium'), tlvs: maybeTlvs }),
  fc.record({ short_message: fc.constant(Buffer.alloc(0)), payload: octets(0, 600, 'medium'), tlvs: maybeTlvs }).map(
    ({ short_message, payload, tlvs: t }) => ({ short_message, tlvs: { ...t, message_payload: payload } as Tlvs }),
  ),
)

const destAddress: fc.Arbitrary<DestAddress> = fc.oneof(
  fc.record({ dest_flag: fc.constant(1 as const), dest_addr_ton: u8, dest_addr_npi: u8, destination_addr: cstr(21) }),
  fc.record({ dest_flag: fc.constant(2 as const), dl_name: cstr(21) }),
)

const unsuccessSme: fc.Arbitrary<UnsuccessSme> = fc.record({
  dest_addr_ton: u8,
  dest_addr_npi: u8,
  destination_addr: cstr(21),
  error_status_code: u32,
})

const bindBody = {
  system_id: cstr(16),
  password: cstr(9),
  system_type: cstr(13),
  interface_version: u8,
  addr_ton: u8,
  addr_npi: u8,
  address_range: cstr(41),
}

/** Body fields per command (header and TLVs are added by `validPdu`). */
const bodies: Record<CommandName, fc.Arbitrary<Record<string, unknown>>> = {
  generic_nack: fc.constant({}),
  bind_receiver: fc.record(bindBody),
  bind_transmitter: fc.record(bindBody),
  bind_transceiver: fc.record(bindBody),
  bind_receiver_resp: fc.record({ system_id: cstr(16) }),
  bind_transmitter_resp: fc.record({ system_id: cstr(16) }),
  bind_transceiver_resp: fc.record({ system_id: cstr(16) }),
  outbind: fc.record({ system_id: cstr(16), password: cstr(9) }),
  unbind: fc.constant({}),
  unbind_resp: fc.constant({}),
  enquire_link: fc.constant({}),
  enquire_link_resp: fc.constant({}),
  cancel_sm_resp: fc.constant({}),
  replace_sm_resp: fc.constant({}),
  submit_sm: fc.tuple(fc.record(shortMessageFields), userData).map(([f, u]) => ({ ...f, ...u })),
  deliver_sm: fc.tuple(fc.record(shortMessageFields), userData).map(([f, u]) => ({ ...f, ...u })),
  submit_sm_resp: fc.record({ message_id: cstr(65) }),
  deliver_sm_resp: fc.record({ message_id: cstr(65) }),
  data_sm_resp: fc.record({ message_id: cstr(65) }),
  submit_multi: fc
    .tuple(
      fc.record({
        ...shortMessageFields,
        dest_address: fc.array(destAddress, { maxLength: 8 }),
      }),
      userData,
    )
    .map(([{ dest_addr_ton, dest_addr_npi, destination_addr, ...f }, u]) => ({ ...f, ...u })),
  submit_multi_resp: fc.record({ message_id: cstr(65), unsuccess_sme: fc.array(unsuccessSme, { maxLength: 6 }) }),
  data_sm: fc.record({
    service_type: cstr(6),
    source_addr_ton: u8,
    source_addr_npi: u8,
    source_addr: cstr(65),
    dest_addr_ton: u8,
    dest_addr_npi: u8,
    destination_addr: cstr(65),
    esm_class: u8,
    registered_delivery: u8,
    data_coding: u8,
  }),
  query_sm: fc.record({ message_id: cstr(65), source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr(21) }),
  query_sm_resp: fc.record({ message_id: cstr(65), final_date: time, message_state: u8, error_code: u8 }),
  cancel_sm: fc.record({
    service_type: cstr(6),
    message_id: cstr(65),
    source_addr_ton: u8,
    source_addr_npi: u8,
    source_addr: cstr(21),
    dest_addr_ton: u8,
    dest_addr_npi: u8,
    destination_addr: cstr(21),
  }),
  replace_sm: fc.tuple(
    fc.record({
      message_id: cstr(65),
      source_addr_ton: u8,
      source_addr_npi: u8,
      source_addr: cstr(21),
      schedule_delivery_time: time,
      validity_period: time,
      registered_delivery: u8,
      sm_default_msg_id: u8,
    }),
    userData,
  ).map(([f, u]) => ({ ...f, ...u })),
  alert_notification: fc.record({
    source_addr_ton: u8,
    source_addr_npi: u8,
    source_addr: cstr(65),
    esme_addr_ton: u8,
    esme_addr_npi: u8,
    esme_addr: cstr(65),
  }),
}

const commandNames = Object.keys(bodies) as CommandName[]

/** Status: 0 in requests; in responses mostly 0, sometimes an error code. */
function statusFor(command: CommandName): fc.Arbitrary<number> {
  const isResp = command.endsWith('_resp') || command === 'generic_nack'
  return isResp ? fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: u32, weight: 1 }) : fc.constant(0)
}

/** One valid PDU of `command`. */
export function validPduOf(command: CommandName): fc.Arbitrary<Pdu> {
  return fc
    .tuple(bodies[command], statusFor(command), u32, maybeTlvs)
    .map(([body, status, seq, extra]) => {
      const fields: Record<string, unknown> = { command_status: status, sequence_number: seq, ...body }
      // Body-level TLVs (message_payload) and the optional extra set are merged; drop empty sets.
      const merged = { ...(extra ?? {}), ...((body.tlvs as Tlvs | undefined) ?? {}) }
      delete fields.tlvs
      if (Object.keys(merged).length > 0) fields.tlvs = merged
      return pdu(command, fields as never) as Pdu
    })
}

/** A valid PDU of any v3.4 command. */
export const validPdu: fc.Arbitrary<Pdu> = fc.constantFrom(...commandNames).chain(validPduOf)
