// `smpp-bench report RESULT.json -o FILE.html`: the HTML report (src/report/html.ts) rebuilt from a
// saved --json result of run, which carries the histograms the charts are drawn from.

import { Command, Option } from 'commander'
import { ConfigError } from '../errors.js'
import type { CliIo } from './io.js'
import { readResult } from './read-result.js'
import { asRunResult } from '../report/compare.js'
import { writeHtmlReport } from '../report/html.js'
import { reportOf } from '../report/result.js'
import type { RunHistograms, RunReport } from '../report/result.js'

const HELP = `
Examples:
  $ smpp-bench --rate 500 --duration 1m --json result.json
  $ smpp-bench report result.json -o report.html

Exit codes: 0 written, 2 a file that is missing or not a run result (or one
written before results carried their histograms: rerun with --report).
`

/** The report of a saved result: its run histograms are part of it. */
export function reportFromJson(doc: unknown, name: string): RunReport {
  const result = asRunResult(doc, name)
  const h = result.histograms as Partial<RunHistograms> | undefined
  if (typeof h !== 'object' || h === null || !(['latency', 'service', 'dlr'] as const).every((k) => typeof h[k] === 'string')) {
    throw new ConfigError(`${name}: this result has no histograms (written by an older smpp-bench): run again with --report FILE.html or a newer --json`)
  }
  return reportOf(result)
}

export function buildReportCommand(io: CliIo): Command {
  const cmd = new Command('report')
    .description('write the HTML report of a saved --json result of run')
    .argument('<result>', 'a --json file of run')
    .addOption(new Option('-o, --output <file>', 'the HTML file to write, or - for stdout').makeOptionMandatory())
    .addHelpText('after', HELP)
  cmd.action(async (file: string, opts: { output: string }) => {
    const report = reportFromJson(await readResult(file), file)
    await writeHtmlReport(report, opts.output, io.stdout)
  })
  return cmd
}
