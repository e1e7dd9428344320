// A complete RunConfig for engine/worker tests, with overrides.
import { withDerived } from '../../src/load/config.js'
import type { RunConfig, TlsTargetConfig } from '../../src/load/config.js'

export interface TestConfigOptions {
  rate?: number | 'max'
  durationMs?: number
  count?: number
  window?: number
  binds?: number
  workers?: number
  bind?: RunConfig['target']['bind']
  registeredDelivery?: 0 | 1
  onThrottle?: RunConfig['throttle']['onThrottle']
  retries?: number
  timeoutMs?: number
  dlrWaitMs?: number
  intervalMs?: number
  text?: string
  tls?: TlsTargetConfig
  bindRate?: number | 'max'
  bindConcurrency?: number
  localAddresses?: string[]
}

export function testConfig(o: TestConfigOptions = {}): RunConfig {
  const rate = o.rate ?? 1000
  const durationMs = o.durationMs ?? (o.count !== undefined ? Infinity : 500)
  return withDerived({
    target: {
      host: '127.0.0.1',
      port: 0,
      systemId: 'bench',
      password: 'secret',
      systemType: '',
      bind: o.bind ?? 'trx',
      binds: o.binds ?? 1,
      workers: o.workers ?? 1,
      window: o.window ?? 10,
      interfaceVersion: 0x34,
      tls: o.tls,
      bindRate: o.bindRate ?? 'max',
      bindConcurrency: o.bindConcurrency ?? 100,
      localAddresses: o.localAddresses ?? [],
    },
    load: {
      rate,
      stages: [
        { durationMs: 0, rate: rate === 'max' ? 0 : rate },
        { durationMs, rate: rate === 'max' ? 0 : rate },
      ],
      count: o.count,
      durationMs: Number.isFinite(durationMs) ? durationMs : undefined,
    },
    message: {
      text: o.text ?? 'hello from smpp-bench',
      encoding: 'auto',
      multipart: 'udh',
      source: '12345',
      sourceTon: 0,
      sourceNpi: 0,
      dest: { kind: 'range', from: 4917600000, to: 4917699999, width: 10 },
      destTon: 1,
      destNpi: 1,
      registeredDelivery: o.registeredDelivery ?? 0,
    },
    timing: {
      timeoutMs: o.timeoutMs ?? 2000,
      dlrTimeoutMs: 5000,
      dlrWaitMs: o.dlrWaitMs ?? 1000,
      enquireLinkMs: 30_000,
      intervalMs: o.intervalMs ?? 100,
    },
    throttle: { onThrottle: o.onThrottle ?? 'backoff', retries: o.retries ?? 3 },
    output: { json: undefined, hdr: undefined, hdrLog: undefined, junit: undefined, report: undefined, quiet: true, thresholds: [] },
  })
}
