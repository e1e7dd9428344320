// Thread entry of startSimulatorInWorker: runs one simulator, reports its port, stops on
// { type: 'stop' } (unbinding every session), posts the totals and lets the thread end.

import { parentPort, workerData } from 'node:worker_threads'
import { toWire } from '../errors.js'
import type { WorkerData, WorkerToMain } from './index.js'
import { SimServer } from './server.js'

const port = parentPort
if (port === null) throw new Error('src/sim/worker.ts must run in a worker thread')
const data = workerData as WorkerData
const server = new SimServer(data.config, data.stats)
const post = (m: WorkerToMain): void => port.postMessage(m)

server.listen().then(
  (p) => post({ type: 'listening', port: p }),
  (err: unknown) => {
    post({ type: 'error', error: toWire(err) })
    port.close()
  },
)

port.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return
  void server.stop().then((totals) => {
    post({ type: 'stopped', totals })
    port.close()
  })
})
