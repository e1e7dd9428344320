// The built-in simulator in a child process of its own, for bench/e2e.ts's --rate 2000 row: the
// bench process then holds only the tool (main + workers), so process.cpuUsage() is the tool's
// CPU. Samples the simulator's submit_sm counter every 10 ms, so the bench can judge how evenly
// the sends arrive. IPC: → { port } once listening; ← 'stop'; → { samples: [t, count, …] }.

import { startSimulator } from '../src/sim/index.js'

const sim = await startSimulator({ host: '127.0.0.1', port: 0 })
const samples: number[] = []
const timer = setInterval(() => samples.push(performance.now(), sim.stats().submitSm), 10)
process.send?.({ port: sim.port })
process.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  void sim.stop().then(() => {
    process.send?.({ samples }, () => process.exit(0))
  })
})
