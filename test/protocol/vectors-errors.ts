// Malformed PDUs for the decoder (vectors.test.ts, the decode command's tests): each names the
// command_status the receiver must answer with (SMPP v3.4, 5.1.3 command_status; 5.3 for TLVs) and, when the
// header was readable, the sequence number the error carries.

/** A malformed PDU and the command_status a receiver must answer with. */
export interface ErrorVector {
  name: string
  hex: string
  commandStatus: number
  /** The sequence number the error carries when the header was readable. */
  sequenceNumber?: number
}

/** The example submit_sm up to (not including) the last field shown, for the error rows below. */
const submitHead = `00 05 00 54657374436F00 01 01 34343737303039303031323300 // service_type .. destination_addr`

export const errorVectors: readonly ErrorVector[] = [
  {
    name: 'command_length below 16',
    hex: `0000000F 00000015 00000000 00000003 // command_length 15: cannot be framed`,
    commandStatus: 0x02,
  },
  {
    name: 'command_length above the 64 KiB cap',
    hex: `00010001 00000015 00000000 00000003 // command_length 65537 (only the header is present)`,
    commandStatus: 0x02,
  },
  {
    name: 'command_length disagrees with the octets given',
    hex: `00000011 00000015 00000000 00000003 // command_length 17, but 16 octets`,
    commandStatus: 0x02,
    sequenceNumber: 3,
  },
  {
    name: 'example unknown command_id 0x00000110',
    hex: `00000010 00000110 00000000 00000004 // command_id 0x110 is not a v3.4 command`,
    commandStatus: 0x03,
    sequenceNumber: 4,
  },
  {
    name: 'CH decodeSubmitSmRespWithNoNullByteForMessageId',
    hex: `00000011 80000004 00000000 0A342EE1 // submit_sm_resp, ROK
      39                                   // message_id "9" without its NUL`,
    commandStatus: 0x02,
    sequenceNumber: 0x0a342ee1,
  },
  {
    name: 'bind_transmitter cut before address_range',
    hex: `00000016 00000002 00000000 00000001 // bind_transmitter of 22 octets
      4100 4200 00                         // system_id "A", password "B", system_type NULL
      34                                   // interface_version; addr_ton, addr_npi, address_range missing`,
    commandStatus: 0x02,
    sequenceNumber: 1,
  },
  {
    name: 'submit_sm service_type over 5 characters',
    hex: `0000002E 00000004 00000000 00000002 // submit_sm
      434D5458595A00                       // service_type "CMTXYZ" (max 5 characters)
      05 00 54657374436F00 01 01 3400      // source and destination
      00 00 00 00 00 00 00 00 00 00        // esm_class .. sm_length 0`,
    commandStatus: 0x15,
    sequenceNumber: 2,
  },
  {
    name: 'submit_sm destination_addr over 20 characters',
    hex: `0000003C 00000004 00000000 00000002 // submit_sm
      00 05 00 54657374436F00 01 01        // service_type .. dest_addr_npi
      343437373030393030313233343536373839303132 00 // destination_addr, 21 characters
      00 00 00 00 00 00 00 00 00 00        // esm_class .. sm_length 0`,
    commandStatus: 0x0b,
    sequenceNumber: 2,
  },
  {
    name: 'submit_sm schedule_delivery_time of 10 characters',
    hex: `0000003D 00000004 00000000 00000002 // submit_sm
      ${submitHead}
      00 00 00                             // esm_class, protocol_id, priority_flag
      3234303331353132333000               // schedule_delivery_time "2403151230" (must be 16)
      00 00 00 00 00 00                    // validity_period .. sm_length 0`,
    commandStatus: 0x61,
    sequenceNumber: 2,
  },
  {
    name: 'submit_sm validity_period of 20 characters',
    hex: `00000046 00000004 00000000 00000002 // submit_sm
      ${submitHead}
      00 00 00 00                          // esm_class .. schedule_delivery_time NULL
      3030303030313030303030303030305230303000 // validity_period, 20 characters
      00 00 00 00 00                       // registered_delivery .. sm_length 0`,
    commandStatus: 0x62,
    sequenceNumber: 2,
  },
  {
    name: 'submit_sm sm_length past the body',
    hex: `00000038 00000004 00000000 00000002 // submit_sm of 56 octets
      ${submitHead}
      00 00 00 00 00 01 00 00 00           // esm_class .. sm_default_msg_id
      06 48656C6C6F                        // sm_length 6, but 5 octets follow`,
    commandStatus: 0x01,
    sequenceNumber: 2,
  },
  {
    name: 'submit_sm TLV length past the end',
    hex: `00000039 00000004 00000000 00000002 // submit_sm
      ${submitHead}
      00 00 00 00 00 01 00 00 00 00        // esm_class .. sm_length 0
      0204 0004 1234                       // user_message_reference claims 4 octets, 2 follow`,
    commandStatus: 0xc0,
    sequenceNumber: 2,
  },
  {
    name: 'submit_sm with 2 trailing octets after the last TLV',
    hex: `0000003B 00000004 00000000 00000002 // submit_sm
      ${submitHead}
      00 00 00 00 00 01 00 00 00 00        // esm_class .. sm_length 0
      0204 0002 1234                       // user_message_reference = 0x1234
      0426                                 // 2 stray octets`,
    commandStatus: 0xc0,
    sequenceNumber: 2,
  },
  {
    name: 'deliver_sm message_state TLV of length 2',
    hex: `00000039 00000005 00000000 00000007 // deliver_sm
      ${submitHead}
      04 00 00 00 00 00 00 00 00 00        // esm_class 0x04 .. sm_length 0
      0427 0002 0002                       // message_state must be 1 octet`,
    commandStatus: 0xc2,
    sequenceNumber: 7,
  },
  {
    name: 'CH Netfors receipt: receipted_message_id length 0x41 with 5 octets',
    hex: `0000003C 00000005 00000000 00000007 // deliver_sm
      ${submitHead}
      04 00 00 00 00 00 00 00 00 00        // esm_class 0x04 .. sm_length 0
      001E 0041 3132333400                 // receipted_message_id claims 65 octets, 5 follow`,
    commandStatus: 0xc0,
    sequenceNumber: 7,
  },
  {
    name: 'submit_multi dest_flag 3',
    hex: `0000002A 00000021 00000000 0000001E // submit_multi
      00 05 00 54657374436F00              // service_type .. source_addr
      01 03 01 01 3100                     // number_of_dests 1, dest_flag 3 (neither 1 nor 2)
      00 00 00 00 00 00 00 00 00 00        // esm_class .. sm_length 0`,
    commandStatus: 0x40,
    sequenceNumber: 30,
  },
  {
    name: 'submit_multi number_of_dests beyond the body',
    hex: `0000001E 00000021 00000000 0000001E // submit_multi of 30 octets
      00 05 00 54657374436F00              // service_type .. source_addr
      05 01 01 01                          // number_of_dests 5, the first one cut short`,
    commandStatus: 0x02,
    sequenceNumber: 30,
  },
]
