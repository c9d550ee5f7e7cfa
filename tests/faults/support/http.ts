import http from 'node:http'

export type Reply = { status: number; headers: http.IncomingHttpHeaders; text: string; body: any }

export type SendOptions = {
  token?: string
  body?: unknown
  headers?: Record<string, string>
  timeoutMs?: number
  /** A keep-alive agent; by default each request has a connection of its own. */
  agent?: http.Agent
}

/**
 * One request, by default on a connection of its own (no keep-alive): after SIGTERM a request
 * either reaches the server on a new connection, which must then be refused, or was already in
 * flight. Network
 * failures reject with Node's error (`code` ECONNREFUSED, ECONNRESET …).
 */
export function send(baseUrl: string, method: string, path: string, options: SendOptions = {}): Promise<Reply> {
  const url = new URL(path, baseUrl)
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `JWT ${options.token}`
  if (payload !== undefined) {
    headers['content-type'] = 'application/json'
    headers['content-length'] = String(Buffer.byteLength(payload))
  }
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let body: unknown = text
        try {
          body = text ? JSON.parse(text) : undefined
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body })
      })
    })
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })))
    req.on('error', reject)
    req.end(payload)
  })
}

/** Text that must never reach a client: stack frames, driver and SQL details, file paths. */
export const LEAK = /\bat [\w.<>]+ \(|\bat .+:\d+:\d+|node_modules|\/work\/|ECONN|Connection terminated|\bSELECT\b|\bINSERT\b|\bUPDATE\b|relation "|pg_|postgres:\/\//i
