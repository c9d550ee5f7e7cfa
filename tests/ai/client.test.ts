import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'

import { z } from 'zod'

import { aiClient, aiSettings, chatText, structured, transcribe } from '../../src/ai/client'
import { startFakeAi } from '../helpers/fakeAi'
import type { FakeAi } from '../helpers/fakeAi'

let ai: FakeAi

beforeAll(async () => {
  ai = await startFakeAi({ slowMs: 5000 })
})

afterEach(() => {
  for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'AI_TIMEOUT_MS']) delete process.env[key]
  ai.setMode('ok')
})

afterAll(async () => {
  await ai?.close()
})

const configure = () => {
  process.env.OPENAI_API_KEY = 'test-key'
  process.env.OPENAI_BASE_URL = ai.baseUrl
  process.env.AI_TIMEOUT_MS = '300'
}

describe('the AI client', () => {
  it('calls nothing without a key and answers with the fallback', async () => {
    const before = ai.requests.length
    expect(aiClient()).toBeNull()
    expect(await chatText({ system: 's', user: 'u' }, 'fallback')).toEqual({ text: 'fallback', source: 'fallback' })
    expect(ai.requests.length).toBe(before)
  })

  it('returns the model’s text through the real openai client, with the configured model', async () => {
    configure()
    process.env.OPENAI_CHAT_MODEL = 'coach-model'
    ai.setReply('  Breathe, then begin.  ')
    try {
      expect(await chatText({ system: 'be brief', user: 'help' }, 'fallback')).toEqual({ text: 'Breathe, then begin.', source: 'ai' })
      const sent = ai.requests.at(-1)!
      expect(sent.path).toBe('/v1/chat/completions')
      expect(sent.body).toMatchObject({ model: 'coach-model', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'help' }] })
    } finally {
      delete process.env.OPENAI_CHAT_MODEL
    }
  })

  for (const mode of ['error', 'malformed', 'slow'] as const) {
    it(`falls back when the service is ${mode}, retrying at most once within the timeout`, async () => {
      configure()
      ai.setMode(mode)
      const before = ai.requests.length
      const began = Date.now()
      expect(await chatText({ system: 's', user: 'u' }, 'fallback')).toEqual({ text: 'fallback', source: 'fallback' })
      expect(ai.requests.length - before).toBeLessThanOrEqual(2)
      expect(Date.now() - began).toBeLessThan(4000)
    })
  }

  it('the fake also serves the responses and transcription APIs the later features use', async () => {
    configure()
    ai.setReply('transcribed words')
    const client = aiClient(aiSettings())!
    const response = await client.responses.create({ model: 'fake', input: 'hello' })
    expect(response.output_text).toBe('transcribed words')
    const transcript = await client.audio.transcriptions.create({ model: 'whisper-1', file: new File([new Uint8Array([1, 2, 3])], 'a.webm', { type: 'audio/webm' }) })
    expect(transcript.text).toBe('transcribed words')
  })

  it('structured output is validated with zod: only a well-shaped object counts', async () => {
    const schema = z.object({ score: z.number().int().min(0).max(100) })
    const prompt = { system: 'score it', user: 'talk' }
    expect(await structured(schema, prompt)).toEqual({ ok: false, reason: 'no_key' })
    configure()
    ai.setReply('{"score": 64}')
    expect(await structured(schema, prompt)).toEqual({ ok: true, value: { score: 64 } })
    ai.setReply('{"score": 640}')
    expect(await structured(schema, prompt)).toEqual({ ok: false, reason: 'malformed' })
    ai.setReply('About 64, I would say.')
    expect(await structured(schema, prompt)).toEqual({ ok: false, reason: 'malformed' })
    for (const mode of ['error', 'slow'] as const) {
      ai.setMode(mode)
      expect(await structured(schema, prompt)).toEqual({ ok: false, reason: 'error' })
    }
    ai.setMode('malformed')
    expect((await structured(schema, prompt)).ok).toBe(false)
  })

  it('transcription returns the text, or ok: false in every failure mode', async () => {
    const file = { data: Buffer.from([1, 2, 3, 4]), filename: 'take.webm', mimeType: 'audio/webm' }
    expect(await transcribe(file)).toEqual({ ok: false, reason: 'no_key' })
    configure()
    ai.setReply('I will ask for one decision.')
    expect(await transcribe(file)).toEqual({ ok: true, value: 'I will ask for one decision.' })
    ai.setReply('   ')
    expect((await transcribe(file)).ok).toBe(false)
    for (const mode of ['error', 'slow', 'malformed'] as const) {
      ai.setMode(mode)
      expect((await transcribe(file)).ok).toBe(false)
    }
  })
})
