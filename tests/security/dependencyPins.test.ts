import { describe, expect, it } from '@jest/globals'

import fs from 'node:fs'
import path from 'node:path'

import sharp from 'sharp'

import { projectRoot } from '../../src/paths'

/**
 * The floors below are the first releases without the advisories we know of (docs/operations.md):
 * sharp's bundled libvips/libheif/librsvg (one High: code execution on crafted images, and sharp
 * decodes every media upload) and React's server-components advisory. `npm audit` cannot tell
 * us here (our registry serves no advisories), so the pins are checked in the tree itself.
 */
const floors = { sharp: '0.35.5', react: '19.2.8', 'react-dom': '19.2.8' } as const

const parse = (version: string) => version.split('-')[0]!.split('.').map(Number)
const atLeast = (version: string, floor: string) => {
  const [a, b] = [parse(version), parse(floor)]
  for (let i = 0; i < 3; i++) if (a[i]! !== b[i]!) return a[i]! > b[i]!
  return true
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(projectRoot, file), 'utf8'))
const manifest = readJson('package.json') as { dependencies: Record<string, string> }
const lock = readJson('package-lock.json') as { packages: Record<string, { version?: string; peerDependencies?: Record<string, string> }> }

describe('dependency pins', () => {
  it.each(Object.entries(floors))('%s is pinned exactly at or above its fixed release, in package.json, the lockfile and node_modules', (name, floor) => {
    const pinned = manifest.dependencies[name]!
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/)
    expect([pinned, atLeast(pinned, floor)]).toEqual([pinned, true])
    // Every copy npm would install, nested ones included (next once carried a sharp of its own).
    const copies = Object.entries(lock.packages).filter(([key]) => key === `node_modules/${name}` || key.endsWith(`/node_modules/${name}`))
    expect(copies.length).toBeGreaterThan(0)
    for (const [key, entry] of copies) expect([key, atLeast(entry.version!, floor)]).toEqual([key, true])
    expect(readJson(`node_modules/${name}/package.json`).version).toBe(pinned)
  })

  it('react and react-dom are the same release', () => {
    expect(manifest.dependencies['react-dom']).toBe(manifest.dependencies.react)
  })

  it('the sharp Payload is given reports a fixed release', () => {
    // payload.config.ts passes this module to Payload; its native binding says what actually loaded.
    expect(atLeast(sharp.versions.sharp, floors.sharp)).toBe(true)
  })
})
