import { describe, expect, it } from '@jest/globals'

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import v8 from 'node:v8'

import express from 'express'

import { serverOptions } from '../../src/app'

/** V8's own answer to "do these two objects share a hidden class (map)?". */
function sameMap(): (a: object, b: object) => boolean {
  v8.setFlagsFromString('--allow-natives-syntax')
  try {
    return new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean
  } finally {
    v8.setFlagsFromString('--no-allow-natives-syntax')
  }
}

describe('serverOptions (src/app.ts)', () => {
  it("builds requests and responses with the app's prototypes before Express sees them, and Express works on them as before", async () => {
    const app = express()
    app.get('/echo/:word', (req, res) => {
      res.status(201).set('x-word', req.params.word).json({ word: req.params.word, ua: req.get('user-agent'), query: req.query })
    })
    const seen: boolean[] = []
    const server = http.createServer(serverOptions(app))
    // Registered before the app, as src/server.ts registers its in-flight tracking.
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      seen.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response)
      // Still Node's own classes underneath.
      seen.push(req instanceof http.IncomingMessage && res instanceof http.ServerResponse)
    })
    server.on('request', app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/echo/hello?n=${i}`, { headers: { 'user-agent': 'probe' } })
        expect([res.status, res.headers.get('x-word'), await res.json()]).toEqual([201, 'hello', { word: 'hello', ua: 'probe', query: { n: String(i) } }])
      }
      expect(seen).toEqual(Array(6).fill(true))
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('gives every request and every response the same hidden class, so none of them outlives the young generation for having a map of its own', async () => {
    const app = express()
    app.get('/n/:n', (req, res) => {
      res.json({ n: req.params.n })
    })
    const requests: http.IncomingMessage[] = []
    const responses: http.ServerResponse[] = []
    const server = http.createServer(serverOptions(app))
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      requests.push(req)
      responses.push(res)
    })
    server.on('request', app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      for (let i = 0; i < 3; i++) expect(await (await fetch(`http://127.0.0.1:${port}/n/${i}`)).json()).toEqual({ n: String(i) })
      const same = sameMap()
      // Built by Reflect.construct with a plain function as new.target, each had a map of its own.
      expect([same(requests[0] as object, requests[1] as object), same(requests[1] as object, requests[2] as object)]).toEqual([true, true])
      expect([same(responses[0] as object, responses[1] as object), same(responses[1] as object, responses[2] as object)]).toEqual([true, true])
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
