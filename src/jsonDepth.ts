/**
 * JSON nesting bound for request bodies. `JSON.parse` takes any depth, but the code after it
 * does not: Payload copies and walks a document recursively, and a `profile` nested 10,000
 * deep overflowed the stack (a 500). No document of ours nests anywhere near this (rich text
 * with lists inside lists stays well below), so deeper bodies are refused before any parser.
 */
export const MAX_JSON_DEPTH = 64

const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d
const QUOTE = 0x22
const BACKSLASH = 0x5c

/**
 * Whether the JSON text in `bytes` nests objects and arrays deeper than `max`. One pass over
 * the bytes, brackets inside strings ignored; the text need not be valid JSON (the parser
 * answers that), and UTF-8 continuation bytes never equal these ASCII codes.
 */
export function jsonNestsDeeper(bytes: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (inString) {
      if (b === BACKSLASH) i++
      else if (b === QUOTE) inString = false
    } else if (b === QUOTE) inString = true
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) return true
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--
  }
  return false
}

/** The same bound for a parsed value (a multipart upload's `_payload` is JSON parsed by Payload itself). */
export function valueNestsDeeper(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth > max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
  }
  return false
}

/** `application/json` and `application/<anything>+json`, whatever the case and parameters. */
export const isJsonMediaType = (contentType: string | undefined): boolean => {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/** The HTTP layer's refusal of a body nested too deep (src/app.ts answers it as a 400). */
export const bodyTooDeep = (): Error & { status: number; code: string; expose: string } =>
  Object.assign(new Error('body too deep'), { status: 400, code: 'body_too_deep', expose: `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.` })
