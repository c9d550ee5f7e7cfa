/**
 * JSON bodies of requests to the config's own endpoints, read into memory by the HTTP layer
 * (src/app.ts `toFetchRequest`) and kept beside the Fetch `Request` instead of inside it.
 *
 * Giving undici a body, even a finished buffer, makes it build a web `ReadableStream` around it
 * (marked transferable, with its controller and queue), and reading it back with `text()`
 * drains that stream through a reader: on a purchase, whose whole body is ~40 bytes, that was
 * about a twentieth of the server's CPU. Only our endpoints get a held body, and they read
 * bodies only through `readJsonBody` (src/endpoints/http.ts), which looks here first; Payload's
 * own routes, which read `req.body` themselves, always get the body inside the Request.
 */
const held = new WeakMap<object, Uint8Array>()

export function holdBody(request: object, body: Uint8Array): void {
  if (body.length) held.set(request, body)
}

/** The body held for this request (the same object once Payload has made it a `PayloadRequest`). */
export const heldBody = (request: object): Uint8Array | undefined => held.get(request)

const utf8 = new TextDecoder()

/** The held body as text, decoded as `Request.text()` decodes (UTF-8, BOM dropped, bad bytes replaced). */
export const heldText = (body: Uint8Array): string => utf8.decode(body)
