// `smpp-bench ARGS…` from the sources in a child process of its own, for bench/binds.ts: the
// client's RSS is then this process's alone (main and its workers). IPC: → { code, maxRssKb } at the end.

import { main } from '../src/cli.js'

const code = await main(['node', 'smpp-bench', ...process.argv.slice(2)])
process.send?.({ code, maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0))
