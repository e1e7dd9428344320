// npx (npm 11) starts a package's bin through `sh -c`, and forwards a SIGTERM it gets to that
// shell only: the shell dies of it, npx exits 143, and smpp-bench ran on, orphaned, for its whole
// duration. So under npx a parent that went away is taken as the SIGTERM it was: the run stops
// gracefully and still writes its summary and --json (npx's own exit code is already gone).

const CHECK_EVERY_MS = 250

/** Starts watching when npx ran us (it sets npm_lifecycle_event=npx); returns the stop of the watch. */
export function stopWhenNpxParentGoes(env: NodeJS.ProcessEnv, checkEveryMs = CHECK_EVERY_MS): () => void {
  if (env['npm_lifecycle_event'] !== 'npx') return () => {}
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(timer)
    process.kill(process.pid, 'SIGTERM')
  }, checkEveryMs)
  timer.unref()
  return () => clearInterval(timer)
}
