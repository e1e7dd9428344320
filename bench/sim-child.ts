// The built-in simulator in a child process of its own, for bench/e2e.ts's --rate 2000 row and
// bench/binds.ts: the bench process then holds only the tool (main + workers), so process.cpuUsage()
// and the RSS are the tool's. Samples the simulator's submit_sm counter every 10 ms, so the bench
// can judge how evenly the sends arrive. argv[2], when given: the config as JSON (SimConfigInput).
// IPC: → { port } once listening; ← 'stop'; → { samples: [t, count, …], totals, maxRssKb }.

import { startSimulator, type SimConfigInput } from '../src/sim/index.js'

const given = process.argv[2] === undefined ? {} : (JSON.parse(process.argv[2]) as SimConfigInput)
const sim = await startSimulator({ host: '127.0.0.1', port: 0, ...given })
const samples: number[] = []
const timer = setInterval(() => samples.push(performance.now(), sim.stats().submitSm), 10)
process.send?.({ port: sim.port })
process.on('disconnect', () => process.exit(0)) // the bench is gone: nobody will say stop
process.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  void sim.stop().then((totals) => {
    process.send?.({ samples, totals, maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0))
  })
})
