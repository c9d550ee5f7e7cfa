import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeAiMode = 'ok' | 'error' | 'slow' | 'malformed' | 'hang'

export type FakeAi = {
  /** Base URL for `OPENAI_BASE_URL` (ends in /v1). */
  baseUrl: string
  /** A webhook URL served by the same fake (for lesson relays and venue feedback). */
  webhookUrl: string
  setMode: (mode: FakeAiMode) => void
  setReply: (text: string) => void
  requests: { path: string; body: unknown }[]
  /** Requests received in 'hang' mode whose connection the client has not closed yet. */
  hanging: () => number
  close: () => Promise<void>
}

/**
 * An OpenAI-compatible HTTP server for tests (the only fake in the suite: no AI service is
 * reachable here). It answers chat completions, responses, audio transcriptions and a plain
 * webhook, in five modes: ok, error (500), slow (answers after `slowMs`), malformed (200 with
 * a body that is not JSON), hang (reads the request, then never answers: only the caller's
 * timeout ends it). Production code reaches it through the real `openai` client.
 */
export async function startFakeAi(options: { slowMs?: number } = {}): Promise<FakeAi> {
  let mode: FakeAiMode = 'ok'
  let reply = 'A thoughtful reply from the fake model.'
  const requests: FakeAi['requests'] = []
  const slowMs = options.slowMs ?? 15_000
  const timers = new Set<NodeJS.Timeout>()
  const hung = new Set<http.ServerResponse>()

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: unknown = raw
      try {
        body = raw ? JSON.parse(raw) : undefined
      } catch {
        // multipart (transcriptions) stays text
      }
      const path = (req.url ?? '').split('?')[0] as string
      requests.push({ path, body })
      const send = () => {
        if (mode === 'error') {
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'fake failure', type: 'server_error' } }))
          return
        }
        if (mode === 'malformed') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [ not json')
          return
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(path, reply)))
      }
      if (mode === 'hang') {
        hung.add(res)
        res.on('close', () => hung.delete(res))
        return
      }
      if (mode === 'slow') {
        const t = setTimeout(() => {
          timers.delete(t)
          if (!res.destroyed) send()
        }, slowMs)
        timers.add(t)
      } else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    webhookUrl: `http://127.0.0.1:${port}/webhook`,
    setMode: (m) => {
      mode = m
    },
    setReply: (text) => {
      reply = text
    },
    requests,
    hanging: () => hung.size,
    close: async () => {
      for (const t of timers) clearTimeout(t)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function answer(path: string, text: string): unknown {
  const created = Math.floor(Date.now() / 1000)
  if (path.endsWith('/chat/completions')) {
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created,
      model: 'fake',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }
  }
  if (path.endsWith('/responses')) {
    return {
      id: 'resp-fake',
      object: 'response',
      created_at: created,
      model: 'fake',
      status: 'completed',
      output: [{ type: 'message', id: 'msg-fake', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] }],
    }
  }
  if (path.endsWith('/audio/transcriptions')) return { text }
  return { output: text }
}
