// PDU factories with spec defaults (NULL fields, interface_version 0x34, sequence_number 0,
// command_status 0), so callers write only the fields that matter. Not for the hot path.

import { CommandId, INTERFACE_VERSION_34, responseIdOf, commandNameOf } from './constants.js'
import type { CommandName } from './constants.js'
import type { Pdu, PduInit, PduOf } from './pdu.js'

const EMPTY = Buffer.alloc(0)

const bindDefaults = {
  system_id: '',
  password: '',
  system_type: '',
  interface_version: INTERFACE_VERSION_34,
  addr_ton: 0,
  addr_npi: 0,
  address_range: '',
}

const sourceDefaults = { service_type: '', source_addr_ton: 0, source_addr_npi: 0, source_addr: '' }
const destDefaults = { dest_addr_ton: 0, dest_addr_npi: 0, destination_addr: '' }
const messageDefaults = {
  esm_class: 0,
  protocol_id: 0,
  priority_flag: 0,
  schedule_delivery_time: '',
  validity_period: '',
  registered_delivery: 0,
  replace_if_present_flag: 0,
  data_coding: 0,
  sm_default_msg_id: 0,
  short_message: EMPTY,
}

/** Body defaults per command (header fields excluded). Arrays are copied per call. */
function bodyDefaults(command: CommandName): Record<string, unknown> {
  switch (command) {
    case 'bind_transmitter':
    case 'bind_receiver':
    case 'bind_transceiver':
      return { ...bindDefaults }
    case 'bind_transmitter_resp':
    case 'bind_receiver_resp':
    case 'bind_transceiver_resp':
      return { system_id: '' }
    case 'outbind':
      return { system_id: '', password: '' }
    case 'submit_sm':
    case 'deliver_sm':
      return { ...sourceDefaults, ...destDefaults, ...messageDefaults }
    case 'submit_sm_resp':
    case 'deliver_sm_resp':
    case 'data_sm_resp':
      return { message_id: '' }
    case 'submit_multi':
      return { ...sourceDefaults, dest_address: [], ...messageDefaults }
    case 'submit_multi_resp':
      return { message_id: '', unsuccess_sme: [] }
    case 'data_sm':
      return { ...sourceDefaults, ...destDefaults, esm_class: 0, registered_delivery: 0, data_coding: 0 }
    case 'query_sm':
      return { message_id: '', source_addr_ton: 0, source_addr_npi: 0, source_addr: '' }
    case 'query_sm_resp':
      return { message_id: '', final_date: '', message_state: 0, error_code: 0 }
    case 'cancel_sm': {
      const { service_type, ...source } = sourceDefaults
      return { service_type, message_id: '', ...source, ...destDefaults }
    }
    case 'replace_sm':
      return {
        message_id: '',
        source_addr_ton: 0,
        source_addr_npi: 0,
        source_addr: '',
        schedule_delivery_time: '',
        validity_period: '',
        registered_delivery: 0,
        sm_default_msg_id: 0,
        short_message: EMPTY,
      }
    case 'alert_notification':
      return {
        source_addr_ton: 0,
        source_addr_npi: 0,
        source_addr: '',
        esme_addr_ton: 0,
        esme_addr_npi: 0,
        esme_addr: '',
      }
    default:
      // generic_nack, unbind(_resp), enquire_link(_resp), cancel_sm_resp, replace_sm_resp: header only
      return {}
  }
}

/** A complete PDU of `command` with spec defaults, overridden by `fields`. */
export function pdu<C extends CommandName>(command: C, fields: PduInit<C> = {}): PduOf<C> {
  return { command, command_status: 0, sequence_number: 0, ...bodyDefaults(command), ...fields } as PduOf<C>
}

/**
 * The response to a request, with the request's sequence_number. Throws for PDUs that have
 * no response (outbind, alert_notification, responses).
 */
export function responseTo(request: Pdu, fields: { command_status?: number; [field: string]: unknown } = {}): Pdu {
  const name = commandNameOf(responseIdOf(CommandId[request.command]))
  if (name === undefined || name === request.command || request.command === 'alert_notification' || request.command === 'outbind') {
    throw new TypeError(`${request.command} has no response PDU`)
  }
  return pdu(name, { sequence_number: request.sequence_number, ...fields } as PduInit<typeof name>)
}

export const genericNack = (f: PduInit<'generic_nack'> = {}) => pdu('generic_nack', f)
export const bindReceiver = (f: PduInit<'bind_receiver'> = {}) => pdu('bind_receiver', f)
export const bindReceiverResp = (f: PduInit<'bind_receiver_resp'> = {}) => pdu('bind_receiver_resp', f)
export const bindTransmitter = (f: PduInit<'bind_transmitter'> = {}) => pdu('bind_transmitter', f)
export const bindTransmitterResp = (f: PduInit<'bind_transmitter_resp'> = {}) => pdu('bind_transmitter_resp', f)
export const bindTransceiver = (f: PduInit<'bind_transceiver'> = {}) => pdu('bind_transceiver', f)
export const bindTransceiverResp = (f: PduInit<'bind_transceiver_resp'> = {}) => pdu('bind_transceiver_resp', f)
export const outbind = (f: PduInit<'outbind'> = {}) => pdu('outbind', f)
export const unbind = (f: PduInit<'unbind'> = {}) => pdu('unbind', f)
export const unbindResp = (f: PduInit<'unbind_resp'> = {}) => pdu('unbind_resp', f)
export const enquireLink = (f: PduInit<'enquire_link'> = {}) => pdu('enquire_link', f)
export const enquireLinkResp = (f: PduInit<'enquire_link_resp'> = {}) => pdu('enquire_link_resp', f)
export const submitSm = (f: PduInit<'submit_sm'> = {}) => pdu('submit_sm', f)
export const submitSmResp = (f: PduInit<'submit_sm_resp'> = {}) => pdu('submit_sm_resp', f)
export const deliverSm = (f: PduInit<'deliver_sm'> = {}) => pdu('deliver_sm', f)
export const deliverSmResp = (f: PduInit<'deliver_sm_resp'> = {}) => pdu('deliver_sm_resp', f)
export const submitMulti = (f: PduInit<'submit_multi'> = {}) => pdu('submit_multi', f)
export const submitMultiResp = (f: PduInit<'submit_multi_resp'> = {}) => pdu('submit_multi_resp', f)
export const dataSm = (f: PduInit<'data_sm'> = {}) => pdu('data_sm', f)
export const dataSmResp = (f: PduInit<'data_sm_resp'> = {}) => pdu('data_sm_resp', f)
export const querySm = (f: PduInit<'query_sm'> = {}) => pdu('query_sm', f)
export const querySmResp = (f: PduInit<'query_sm_resp'> = {}) => pdu('query_sm_resp', f)
export const cancelSm = (f: PduInit<'cancel_sm'> = {}) => pdu('cancel_sm', f)
export const cancelSmResp = (f: PduInit<'cancel_sm_resp'> = {}) => pdu('cancel_sm_resp', f)
export const replaceSm = (f: PduInit<'replace_sm'> = {}) => pdu('replace_sm', f)
export const replaceSmResp = (f: PduInit<'replace_sm_resp'> = {}) => pdu('replace_sm_resp', f)
export const alertNotification = (f: PduInit<'alert_notification'> = {}) => pdu('alert_notification', f)
