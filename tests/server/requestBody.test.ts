import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import express from 'express'

import { toFetchRequest } from '../../src/app'
import { readJsonBody } from '../../src/endpoints/http'
import { heldBody } from '../../src/requestBody'
import type { PayloadRequest } from 'payload'

/**
 * Small JSON bodies of the config's own endpoints are held beside the Fetch Request
 * (src/requestBody.ts) instead of inside it; every other request keeps its body in the Request.
 * Both must read back the same.
 */

let server: http.Server
let base: string

const ownEndpoint = (_method: string, pathname: string) => pathname.startsWith('/own/')

beforeAll(async () => {
  const app = express()
  app.use(async (req, res) => {
    const request = await toFetchRequest(req, 1024, ownEndpoint)
    const held = heldBody(request)
    let parsed: unknown
    try {
      parsed = await readJsonBody(request as unknown as PayloadRequest)
    } catch (error) {
      parsed = { refused: (error as { code?: string }).code }
    }
    res.json({ inRequest: request.body !== null, held: held ? held.length : null, parsed: parsed ?? null })
  })
  server = http.createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

const send = async (path: string, body: BodyInit, type = 'application/json') =>
  (await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type }, body })).json() as Promise<{ inRequest: boolean; held: number | null; parsed: unknown }>

describe('request bodies of own endpoints', () => {
  it('are held beside the Request, and read back as the Request would have read them', async () => {
    const json = JSON.stringify({ item: 'ticket', note: 'é ✓ 🎤' })
    const own = await send('/own/purchase', json)
    const other = await send('/payload/route', json)
    expect(own).toEqual({ inRequest: false, held: Buffer.byteLength(json), parsed: JSON.parse(json) })
    expect(other).toEqual({ inRequest: true, held: null, parsed: JSON.parse(json) })
  })

  it('decode the same way: a byte-order mark dropped, bytes that are not UTF-8 replaced', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('x"}')])
    const own = await send('/own/x', bytes)
    const other = await send('/payload/x', bytes)
    expect(own.parsed).toEqual({ a: '\uFFFD\uFFFDx' })
    expect(own.parsed).toEqual(other.parsed)
  })

  it('keep the same refusals and the empty body', async () => {
    expect((await send('/own/x', '{"a":')).parsed).toEqual({ refused: 'invalid_json' })
    expect((await send('/own/x', 'a=1', 'application/x-www-form-urlencoded')).parsed).toEqual({ refused: 'unsupported_media_type' })
    expect(await send('/own/x', '')).toEqual({ inRequest: false, held: null, parsed: null })
    expect(await send('/payload/x', '')).toEqual({ inRequest: false, held: null, parsed: null })
  })
})
