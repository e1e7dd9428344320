// An output a flag asks for at the end of a run (--json, --hdr): a renderer of the RunReport and
// where it goes. The run (src/run/outputs.ts) lists them, checks their files can be written before
// it starts, and writes each once the report is built.

import type { OutputConfig } from '../load/config.js'
import type { RunReport } from './result.js'

export interface Output {
  /** The flag that asks for it; named when its file cannot be written. */
  flag: string
  /** Where it goes: a file, '-' for stdout where the output allows it, or undefined when not asked for. */
  dest(o: OutputConfig): string | undefined
  /** Writes the report to `dest`; `stdout` undefined: '-' writes nothing. */
  write(report: RunReport, dest: string, stdout: NodeJS.WritableStream | undefined): Promise<void>
}
