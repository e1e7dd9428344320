// Where the worker thread's code is: dist/load/worker/worker.js when built, or
// src/load/worker/worker.ts when running from sources (vitest, `node --import tsx`). Node 20 cannot
// run .ts itself, so the thread then needs tsx loaded; piscina's `filename` is not rewritten by any
// bundler.

export interface WorkerFile {
  filename: string
  execArgv: string[]
}

export function workerFile(): WorkerFile {
  const fromTs = import.meta.url.endsWith('.ts')
  const url = new URL(fromTs ? '../worker/worker.ts' : '../worker/worker.js', import.meta.url)
  return { filename: url.href, execArgv: fromTs ? ['--import', 'tsx'] : [] }
}
