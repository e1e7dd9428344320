// `smpp-bench compare BASE.json NEW.json`: reads two --json results of `run`, prints them side by
// side (src/report/compare.ts) and exits 1 when a figure regressed beyond its limit. A file that
// is missing, not JSON or not a run result exits 2 with the file's name (main() maps ConfigError).

import { Command, Option } from 'commander'
import { ConfigError } from '../errors.js'
import type { CliIo } from './io.js'
import { readResult } from './read-result.js'
import { DEFAULT_LIMITS, FIGURES, asRunResult, compareResults, formatComparison, formatLimit, parseLimits } from '../report/compare.js'
import { writeFileAtomic } from '../report/output-file.js'

const EXIT_REGRESSED = 1

const HELP = `
Figures (the names --max-regression takes; shares in % of the submit_sm sent,
dlr.matched of the receipts requested; changes of a share in points):
  ${FIGURES.map((f) => f.key).join(', ')}

Default limits (how far a figure may move the worse way):
  ${[...DEFAULT_LIMITS].map(([k, l]) => `${k}:${formatLimit(l).replace(' ', '')}`).join(', ')}
A --max-regression FIGURE:LIMIT replaces that figure's default (FIGURE:none
drops it); --max-regression none drops every default, so only the figures named
after it are judged (none alone: print only).

Examples:
  $ smpp-bench compare base.json new.json
  $ smpp-bench compare base.json new.json --max-regression 'latency.p99:10%' \\
      --max-regression 'throttled:0.5pt'
  $ smpp-bench compare base.json new.json --max-regression none --json -

Exit codes: 0 no regression beyond the limits, 1 a figure regressed, 2 a file
that is missing or not a run result, results of different schema versions, or
a bad --max-regression.
`

export function buildCompareCommand(io: CliIo): Command {
  const cmd = new Command('compare')
    .description('compare two --json results of run side by side; exit 1 when a figure regressed beyond its limit')
    .argument('<base>', 'the baseline result (a --json file of run)')
    .argument('<new>', 'the result to judge')
    .addOption(new Option('--max-regression <figure:limit>', "how far a figure may get worse, repeatable: 'latency.p99:10%', 'throttled:0.5pt', 'errors:none', or none (print only)")
      .argParser((text: string, prev: string[] | undefined) => [...(prev ?? []), text]))
    .addOption(new Option('--json <file>', 'also write the comparison as JSON to a file, or - for stdout (the table then goes to stderr)'))
    .addHelpText('after', HELP)
  cmd.action(async (baseFile: string, newFile: string, opts: { maxRegression?: string[]; json?: string }) => {
    const limits = parseLimits(opts.maxRegression ?? [])
    const [base, next] = await Promise.all([readResult(baseFile), readResult(newFile)])
    const names = { base: baseFile, new: newFile }
    const c = compareResults(asRunResult(base, baseFile), asRunResult(next, newFile), limits, names)
    const tableOut = opts.json === '-' ? io.stderr : io.stdout
    tableOut.write(formatComparison(c, names))
    if (opts.json !== undefined) {
      const text = `${JSON.stringify({ base: baseFile, new: newFile, ...c }, null, 2)}\n`
      if (opts.json === '-') io.stdout.write(text)
      else await writeFileAtomic(opts.json, text)
    }
    io.exitCode = c.regressions.length > 0 ? EXIT_REGRESSED : 0
  })
  return cmd
}
