// --metrics-port: the Prometheus endpoint of a run (GET /metrics, the text exposition format of
// prom-client's registry), on loopback unless --metrics-host says otherwise. It serves while the
// run goes on and, with --metrics-linger, the final values after it until one scrape has read them.

import type { EventEmitter } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Registry } from 'prom-client'
import { ConfigError } from '../errors.js'

export interface MetricsServer {
  /** Where it serves: http://HOST:PORT/metrics (the port chosen when 0 was asked). */
  readonly url: string
  readonly port: number
  /** Resolves when a scrape that began after this call has been answered (true), after `ms` or on a stop signal (false). */
  nextScrape(ms: number, signals?: EventEmitter): Promise<boolean>
  close(): Promise<void>
}

/** Loopback addresses and names: what --metrics-host may be without a warning. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\./.test(h)
}

/** Listens on host:port; ConfigError naming the flag when it cannot (port taken, no such address). */
export async function startMetricsServer(registry: Registry, host: string, port: number): Promise<MetricsServer> {
  let waiting: Array<() => void> = []
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '').split('?')[0]
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the metrics are at /metrics\n')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n')
      return
    }
    // Those waiting for a scrape are released once this one is answered.
    const released = waiting
    waiting = []
    registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? undefined : text)
      for (const r of released) r()
    }, (err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${String(err)}\n`)
    })
  }
  const server = createServer(serve)
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const flag = err.code === 'EADDRINUSE' || err.code === 'EACCES' ? '--metrics-port' : '--metrics-host'
      const why = err.code === 'EADDRINUSE' ? `port ${port} is in use on ${host}` : err.code === 'EACCES' ? `no permission to listen on port ${port}` : `cannot listen on ${host}: ${err.code ?? err.message}`
      reject(new ConfigError(why, flag))
    })
    server.listen(port, host, () => resolve())
  })
  const address = server.address()
  const bound = address !== null && typeof address === 'object' ? address.port : port
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${bound}/metrics`,
    port: bound,
    nextScrape(ms, signals) {
      return new Promise<boolean>((resolve) => {
        const done = (scraped: boolean): void => {
          clearTimeout(timer)
          signals?.off('SIGINT', onSignal).off('SIGTERM', onSignal)
          resolve(scraped)
        }
        const onSignal = (): void => done(false)
        const timer = setTimeout(() => done(false), ms)
        signals?.once('SIGINT', onSignal).once('SIGTERM', onSignal)
        waiting.push(() => done(true))
      })
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
