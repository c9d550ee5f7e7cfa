import { describe, expect, it } from '@jest/globals'

import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { projectRoot } from '../../src/paths'
import { SERVER_BUNDLE, SERVER_NODE_FLAGS } from '../../src/serverBundle'

// The bundle itself is built and run by the fault tests (tests/faults) and the browser test,
// which start the production server exactly as `npm start` does.
describe('the production server command', () => {
  const scripts = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).scripts as Record<string, string>

  it('npm start runs the bundle with the flags the bench and the fault tests use', () => {
    expect(scripts.start).toBe(`NODE_ENV=production node ${SERVER_NODE_FLAGS.join(' ')} ${path.relative(projectRoot, SERVER_BUNDLE)}`)
  })

  it('npm run build makes the bundle before the admin build', () => {
    expect(scripts.build).toMatch(/^npm run build:server && /)
    expect(scripts['build:server']).toContain('src/scripts/buildServer.ts')
  })

  it('puts the bundle one folder below the root, where src/paths.ts finds the root from it', () => {
    expect(path.dirname(path.dirname(SERVER_BUNDLE))).toBe(projectRoot)
  })

  it('gives every node script a --conditions flag, so Lexical loads without its racing top-level imports', () => {
    const nodeScripts = Object.entries(scripts).filter(([, command]) => /(^|\s)node\s/.test(command))
    expect(nodeScripts.length).toBeGreaterThan(10)
    for (const [name, command] of nodeScripts) expect([name, command]).toEqual([name, expect.stringMatching(/node --conditions=(production|development) /)])
    expect(scripts.dev).toContain('--conditions=development')
    expect(SERVER_NODE_FLAGS).toContain('--conditions=production')
  })
})

describe('what --conditions=production changes', () => {
  const resolve = (flags: string[], specifier: string) =>
    execFileSync(process.execPath, [...flags, '--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    }).trim()

  it("resolves Lexical to its production build instead of the entry that awaits an import at top level", () => {
    const plain = fileURLToPath(resolve([], 'lexical'))
    // The hazard: with Node's default conditions the entry picks its build with a top-level
    // `await import()` (the race that ended boots with exit code 13).
    expect(path.basename(plain)).toBe('Lexical.node.mjs')
    expect(fs.readFileSync(plain, 'utf8')).toMatch(/^const mod = await .*import\(/m)
    for (const specifier of ['lexical', '@lexical/clipboard', '@lexical/utils']) {
      const chosen = fileURLToPath(resolve(['--conditions=production'], specifier))
      expect([specifier, path.basename(chosen)]).toEqual([specifier, expect.stringMatching(/\.prod\.mjs$/)])
      expect(fs.readFileSync(chosen, 'utf8')).not.toMatch(/^const mod = await /m)
    }
  })
})
