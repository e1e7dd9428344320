// Where a command writes and how it reports its exit code, so tests can run the CLI in-process.

export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
  /** Set by a command's action; main() returns it. 0 unless a command says otherwise. */
  exitCode: number
}

export function processIo(): CliIo {
  // `smpp-bench --help | head`: a reader that went away is no crash.
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') === 0) {
      stream.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') throw err
        process.exitCode ??= 0
      })
    }
  }
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, exitCode: 0 }
}
