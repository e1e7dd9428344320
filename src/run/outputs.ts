// The outputs a run writes at its end, in this order, each a renderer of the RunReport from
// src/report/. Adding one is a file there exporting an Output, one line in this list, and its flag
// (src/cli/run-command.ts, OutputConfig).

import { ConfigError } from '../errors.js'
import type { OutputConfig } from '../load/config.js'
import { hdrOutput } from '../report/hdr.js'
import { hdrLogOutput } from '../report/hdr-log.js'
import { htmlOutput } from '../report/html.js'
import { jsonOutput } from '../report/json.js'
import { junitOutput } from '../report/junit-thresholds.js'
import type { Output } from '../report/output.js'
import { checkWritable } from '../report/output-file.js'
import type { RunReport } from '../report/result.js'

export const OUTPUTS: readonly Output[] = [hdrOutput, hdrLogOutput, jsonOutput, junitOutput, htmlOutput]

/**
 * Before the run: every output file asked for can be written, found out now and not after a long
 * run. Checked without creating the file: a run quit before its end must not leave an empty one.
 */
export async function checkOutputs(o: OutputConfig): Promise<void> {
  for (const out of OUTPUTS) {
    const file = out.dest(o)
    if (file === undefined || file === '-') continue
    try {
      await checkWritable(file)
    } catch (err) {
      throw new ConfigError(`cannot write '${file}': ${err instanceof Error ? err.message : String(err)}`, out.flag)
    }
  }
}

/** After the run: each output asked for, from the one report. */
export async function writeOutputs(report: RunReport, o: OutputConfig, stdout: NodeJS.WritableStream | undefined): Promise<void> {
  for (const out of OUTPUTS) {
    const dest = out.dest(o)
    if (dest !== undefined) await out.write(report, dest, stdout)
  }
}
