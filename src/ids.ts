import { randomFillSync } from 'node:crypto'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
// Random bytes drawn 4 KiB at a time: an events batch asks for 500 ids in one go.
const pool = Buffer.alloc(4096)
let used = pool.length

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Rows keyed by it are
 * appended at the end of their primary-key index in time order, where random (v4) keys write
 * to a random leaf of the whole index each, and every such page's first change after a
 * checkpoint costs a full page image in the WAL (docs/scaling.md §1).
 */
export function uuidv7(at: number = Date.now()): string {
  if (used + 10 > pool.length) {
    randomFillSync(pool)
    used = 0
  }
  const r = pool.subarray(used, (used += 10))
  const ms = Math.max(0, Math.floor(at))
  // 48 bits do not fit a 32-bit shift: the high 16 and the low 32 apart.
  const high = Math.floor(ms / 2 ** 32)
  const low = ms >>> 0
  const b = [
    (high >>> 8) & 0xff, high & 0xff, low >>> 24, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff,
    0x70 | (r[0]! & 0x0f), r[1]!, 0x80 | (r[2]! & 0x3f), r[3]!, r[4]!, r[5]!, r[6]!, r[7]!, r[8]!, r[9]!,
  ].map((x) => HEX[x]!)
  return `${b[0]}${b[1]}${b[2]}${b[3]}-${b[4]}${b[5]}-${b[6]}${b[7]}-${b[8]}${b[9]}-${b[10]}${b[11]}${b[12]}${b[13]}${b[14]}${b[15]}`
}
