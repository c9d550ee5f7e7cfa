import fs from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { multipart, pngImage, wavAudio, webmRecording } from '../helpers/files'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let author: TestUser
let admin: TestUser
let learner: TestUser
let otherLearner: TestUser

beforeAll(async () => {
  app = await startTestApp()
  author = await createUser(app.payload, app.baseUrl, 'author')
  admin = await createUser(app.payload, app.baseUrl, 'admin')
  learner = await createUser(app.payload, app.baseUrl, 'learner')
  otherLearner = await createUser(app.payload, app.baseUrl, 'learner')
})

afterAll(async () => {
  await app?.close()
})

const upload = (collection: string, token: string | undefined, form: FormData) =>
  api(app.baseUrl, 'POST', `/api/${collection}`, { token, rawBody: form })

const filesIn = (sub: string) => (fs.existsSync(path.join(app.mediaDir, sub)) ? fs.readdirSync(path.join(app.mediaDir, sub)) : [])

describe('media', () => {
  it('stores an uploaded image with the sharp sizes learner apps request', async () => {
    const res = await upload('media', author.token, multipart(await pngImage(), 'harbour.png', 'image/png', { alt: 'The harbour' }))
    expect(res.status).toBe(201)
    const { doc } = res.body
    expect(doc).toMatchObject({ mimeType: 'image/png', width: 1200, height: 800 })
    expect(doc.sizes.thumbnail).toMatchObject({ width: 320, height: 320 })
    expect(doc.sizes.card).toMatchObject({ width: 768, height: 432 })
    // withoutEnlargement: a 1200 px original is not blown up to 1600 px
    expect(doc.sizes.hero.width ?? 0).toBeLessThanOrEqual(1200)
    for (const size of ['thumbnail', 'card']) expect(filesIn('images')).toContain(doc.sizes[size].filename)
    const file = await fetch(`${app.baseUrl}${doc.sizes.thumbnail.url}`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/png')
  })

  it('refuses uploads from learners and files that are not images', async () => {
    expect((await upload('media', learner.token, multipart(await pngImage(10, 10), 'x.png', 'image/png', { alt: 'x' }))).status).toBe(403)
    const text = await upload('media', author.token, multipart(Buffer.from('just text, not an image'), 'fake.png', 'image/png', { alt: 'x' }))
    expect(text.status).toBe(400)
  })

  it('refuses a file over the global upload limit with 413 instead of storing a truncated copy', async () => {
    const before = filesIn('images').length
    const big = Buffer.concat([await pngImage(50, 50), Buffer.alloc(11 * 1024 * 1024)])
    const res = await upload('media', author.token, multipart(big, 'huge.png', 'image/png', { alt: 'huge' }))
    expect(res.status).toBe(413)
    expect(filesIn('images').length).toBe(before)
    expect((await app.payload.count({ collection: 'media', where: { alt: { equals: 'huge' } }, overrideAccess: true })).totalDocs).toBe(0)
  })
})

describe('recordings', () => {
  it('accepts a browser recording that sniffs as video/webm, owned by the uploader whatever the body says', async () => {
    const res = await upload('recordings', learner.token, multipart(webmRecording(), 'take.webm', 'audio/webm', { owner: otherLearner.id, durationSeconds: 4 }))
    expect(res.status).toBe(201)
    expect(['audio/webm', 'video/webm']).toContain(res.body.doc.mimeType)
    const stored = await app.payload.findByID({ collection: 'recordings', id: res.body.doc.id, depth: 0, overrideAccess: true })
    expect(stored.owner).toBe(learner.id)
  })

  it('accepts WAV audio and refuses a file whose content is not audio, whatever its extension', async () => {
    expect((await upload('recordings', learner.token, multipart(wavAudio(), 'take.wav', 'audio/wav'))).status).toBe(201)
    const fake = await upload('recordings', learner.token, multipart(Buffer.from('%PDF-1.4 not audio at all'), 'take.webm', 'audio/webm'))
    expect(fake.status).toBe(400)
    const noise = await upload('recordings', learner.token, multipart(Buffer.alloc(2048, 7), 'noise.webm', 'audio/webm'))
    expect(noise.status).toBe(400)
  })

  it('lets only the owner and admins read a recording and its file', async () => {
    const res = await upload('recordings', learner.token, multipart(wavAudio(), 'mine.wav', 'audio/wav'))
    const { id, url } = res.body.doc
    expect((await api(app.baseUrl, 'GET', `/api/recordings/${id}`, { token: learner.token })).status).toBe(200)
    expect((await api(app.baseUrl, 'GET', `/api/recordings/${id}`, { token: admin.token })).status).toBe(200)
    expect((await api(app.baseUrl, 'GET', `/api/recordings/${id}`, { token: otherLearner.token })).status).toBe(404)
    expect((await api(app.baseUrl, 'GET', `/api/recordings/${id}`, { token: author.token })).status).toBe(404)
    expect((await api(app.baseUrl, 'GET', `/api/recordings/${id}`)).status).toBe(403)
    const list = await api(app.baseUrl, 'GET', '/api/recordings', { token: otherLearner.token })
    expect(list.body.docs).toEqual([])

    expect((await api(app.baseUrl, 'GET', url, { token: learner.token })).status).toBe(200)
    expect([403, 404]).toContain((await api(app.baseUrl, 'GET', url, { token: otherLearner.token })).status)
    expect([401, 403, 404]).toContain((await api(app.baseUrl, 'GET', url)).status)

    expect([403, 404]).toContain((await api(app.baseUrl, 'DELETE', `/api/recordings/${id}`, { token: otherLearner.token })).status)
    expect((await api(app.baseUrl, 'DELETE', `/api/recordings/${id}`, { token: learner.token })).status).toBe(200)
  })

  it('refuses anonymous uploads', async () => {
    expect([401, 403]).toContain((await upload('recordings', undefined, multipart(wavAudio(), 'anon.wav', 'audio/wav'))).status)
  })

  it('refuses a recording over RECORDING_MAX_BYTES with 413 and stores nothing', async () => {
    process.env.RECORDING_MAX_BYTES = '4000'
    try {
      const before = filesIn('recordings').length
      const res = await upload('recordings', learner.token, multipart(wavAudio(1), 'long.wav', 'audio/wav'))
      expect(res.status).toBe(413)
      expect(res.body.errors[0].message).toMatch(/4000 bytes/)
      expect(filesIn('recordings').length).toBe(before)
    } finally {
      delete process.env.RECORDING_MAX_BYTES
    }
  })
})
