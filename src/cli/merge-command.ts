// `smpp-bench merge SHARD.json …`: the shards' --json results merged into the result of the whole
// run (src/report/merge.ts), its summary printed with a row per shard, optionally written as JSON
// and as the HTML report, the thresholds judged on it (exit 1 when one failed, as run). Results
// that are not the shards of one run are refused, exit 2 (main() maps ConfigError).

import { Command, Option } from 'commander'
import { ConfigError } from '../errors.js'
import type { CliIo } from './io.js'
import { readResult } from './read-result.js'
import { asRunResult } from '../report/compare.js'
import { writeHtmlReport } from '../report/html.js'
import { writeJson } from '../report/json.js'
import { mergeResults } from '../report/merge.js'
import { formatShards, mergeWarnings } from '../report/merge-summary.js'
import { formatSummary } from '../report/summary.js'
import { parseThreshold } from '../report/thresholds.js'
import { checkWritable } from '../report/output-file.js'

const EXIT_THRESHOLD_FAILED = 1

const HELP = `
The shards of one run: every --json result of run --shard I/N (or of an
Indexed Job's pods), each once. Counters are summed, histograms added exactly
(the merged percentiles are those of all the values), intervals aligned by
wall-clock time. Refused (exit 2): results of different settings (beyond each
shard's share, system_id and output files), a shard index twice, different
totals, a shard missing (unless --allow-missing). See docs/distributed.md.

Examples:
  $ smpp-bench merge shard-0.json shard-1.json shard-2.json
  $ smpp-bench merge results/*.json --json merged.json --report merged.html \\
      --threshold 'latency.p99<50ms' --threshold 'rate>=5990'

Exit codes: 0 merged, 1 a threshold failed, 2 not the shards of one run, or a
file that is missing or not a result.
`

export function buildMergeCommand(io: CliIo): Command {
  const cmd = new Command('merge')
    .description('merge the --json results of the shards of one run (run --shard I/N) into the result of the whole run')
    .argument('<shard...>', 'the --json result of each shard')
    .addOption(new Option('--json <file>', 'write the merged result as JSON to a file, or - for stdout (the summary then goes to stderr)'))
    .addOption(new Option('--report <file>', 'write the HTML report of the merged result'))
    .addOption(new Option('--threshold <expr>', "judge this instead of the shards' thresholds, repeatable: 'latency.p99<50ms', 'rate>=5990'")
      .argParser((text: string, prev: string[] | undefined) => {
        parseThreshold(text)
        return [...(prev ?? []), text]
      }))
    .addOption(new Option('--allow-missing', 'merge although shards are missing (listed in missingShards, and warned of)'))
    .addHelpText('after', HELP)
  cmd.action(async (names: string[], opts: { json?: string; report?: string; threshold?: string[]; allowMissing?: boolean }) => {
    for (const [flag, file] of [['--json', opts.json], ['--report', opts.report]] as const) {
      if (file === undefined || file === '-') continue
      await checkWritable(file).catch((err: unknown) => {
        throw new ConfigError(`cannot write '${file}': ${err instanceof Error ? err.message : String(err)}`, flag)
      })
    }
    const docs = await Promise.all(names.map((n) => readResult(n)))
    const files = docs.map((doc, i) => ({ name: names[i]!, result: asRunResult(doc, names[i]!) }))
    const report = mergeResults(files, { thresholds: opts.threshold, allowMissing: opts.allowMissing, json: opts.json, report: opts.report })
    const r = report.result
    const out = opts.json === '-' ? io.stderr : io.stdout
    for (const w of mergeWarnings(r)) io.stderr.write(`smpp-bench: warning: ${w}\n`)
    out.write(`${formatSummary(r)}${formatShards(r)}`)
    if (opts.json !== undefined) await writeJson(r, opts.json, io.stdout)
    if (opts.report !== undefined) await writeHtmlReport(report, opts.report, io.stdout)
    io.exitCode = r.thresholds.every((t) => t.ok) ? 0 : EXIT_THRESHOLD_FAILED
  })
  return cmd
}
