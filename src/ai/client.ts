import OpenAI, { toFile } from 'openai'

/**
 * The one AI client (DESIGN §6): an `openai` client built from `OPENAI_API_KEY`,
 * `OPENAI_BASE_URL` and the model names in env. Every call has a timeout and at most one
 * retry, and every helper takes a deterministic fallback: without a key nothing is called,
 * and any failure (error status, timeout, malformed or empty answer) returns the fallback.
 * Tests point `OPENAI_BASE_URL` at the fake server in tests/helpers/fakeAi.ts.
 */
export type AiSettings = { apiKey?: string; baseURL?: string; chatModel: string; transcribeModel: string; timeoutMs: number }

export function aiSettings(env: NodeJS.ProcessEnv = process.env): AiSettings {
  return {
    apiKey: env.OPENAI_API_KEY || undefined,
    baseURL: env.OPENAI_BASE_URL || undefined,
    chatModel: env.OPENAI_CHAT_MODEL || 'gpt-4o-mini',
    transcribeModel: env.OPENAI_TRANSCRIBE_MODEL || 'whisper-1',
    timeoutMs: Number(env.AI_TIMEOUT_MS) || 8000,
  }
}

let cached: { signature: string; client: OpenAI } | undefined

/** The shared client, or null when no key is configured (then callers use their fallback). */
export function aiClient(settings: AiSettings = aiSettings()): OpenAI | null {
  if (!settings.apiKey) return null
  const signature = `${settings.apiKey}|${settings.baseURL ?? ''}|${settings.timeoutMs}`
  if (cached?.signature !== signature) {
    cached = { signature, client: new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, timeout: settings.timeoutMs, maxRetries: 1 }) }
  }
  return cached.client
}

export type AiText = { text: string; source: 'ai' | 'fallback' }

/** A short chat completion; the fallback on any failure. */
export type ChatTurn = { role: 'user' | 'assistant'; content: string }

export async function chatText(
  prompt: { system: string; user: string; maxTokens?: number; history?: ChatTurn[] },
  fallback: string,
  options: { timeoutMs?: number } = {},
): Promise<AiText> {
  const settings = aiSettings()
  const client = aiClient(settings)
  if (!client) return { text: fallback, source: 'fallback' }
  try {
    const completion = await client.chat.completions.create(
      {
        model: settings.chatModel,
        messages: [
          { role: 'system', content: prompt.system },
          ...(prompt.history ?? []).map((t) => ({ role: t.role, content: t.content })),
          { role: 'user', content: prompt.user },
        ],
        max_tokens: prompt.maxTokens ?? 300,
      },
      { timeout: options.timeoutMs ?? settings.timeoutMs, maxRetries: 1 },
    )
    const text = completion.choices?.[0]?.message?.content
    if (typeof text !== 'string' || !text.trim()) return { text: fallback, source: 'fallback' }
    return { text: text.trim(), source: 'ai' }
  } catch {
    return { text: fallback, source: 'fallback' }
  }
}

export type AiResult<T> = { ok: true; value: T } | { ok: false; reason: 'no_key' | 'error' | 'malformed' }

/**
 * Structured output: the model is asked for one JSON object, which must parse and pass `schema`
 * (zod). Anything else — an error, a timeout, prose, a wrong shape — is `ok: false`, so callers
 * never act on an invented value.
 */
export async function structured<T>(
  schema: { safeParse: (value: unknown) => { success: true; data: T } | { success: false } },
  prompt: { system: string; user: string; maxTokens?: number },
  options: { timeoutMs?: number } = {},
): Promise<AiResult<T>> {
  const settings = aiSettings()
  const client = aiClient(settings)
  if (!client) return { ok: false, reason: 'no_key' }
  let content: string | null | undefined
  try {
    const completion = await client.chat.completions.create(
      {
        model: settings.chatModel,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: `${prompt.system}\nAnswer with one JSON object only.` },
          { role: 'user', content: prompt.user },
        ],
        max_tokens: prompt.maxTokens ?? 600,
      },
      { timeout: options.timeoutMs ?? settings.timeoutMs, maxRetries: 1 },
    )
    content = completion.choices?.[0]?.message?.content
  } catch {
    return { ok: false, reason: 'error' }
  }
  try {
    const parsed = schema.safeParse(JSON.parse(content ?? ''))
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'malformed' }
  } catch {
    return { ok: false, reason: 'malformed' }
  }
}

/** Speech to text of an audio file (`OPENAI_TRANSCRIBE_MODEL`); `ok: false` on any failure or an empty text. */
export async function transcribe(file: { data: Buffer; filename: string; mimeType: string }, options: { timeoutMs?: number } = {}): Promise<AiResult<string>> {
  const settings = aiSettings()
  const client = aiClient(settings)
  if (!client) return { ok: false, reason: 'no_key' }
  try {
    const upload = await toFile(file.data, file.filename, { type: file.mimeType })
    const result = await client.audio.transcriptions.create(
      { model: settings.transcribeModel, file: upload },
      { timeout: options.timeoutMs ?? settings.timeoutMs, maxRetries: 1 },
    )
    const text = typeof result?.text === 'string' ? result.text.trim() : ''
    return text ? { ok: true, value: text } : { ok: false, reason: 'malformed' }
  } catch {
    return { ok: false, reason: 'error' }
  }
}
