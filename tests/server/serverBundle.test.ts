import { describe, expect, it } from '@jest/globals'

import fs from 'node:fs'
import path from 'node:path'

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
})
