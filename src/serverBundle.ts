import fs from 'node:fs'
import path from 'node:path'

import { build } from 'esbuild'

import { projectRoot } from './paths'

/**
 * The production server is one JavaScript file, `dist/server.js`, built from `src/server.ts` by
 * `npm run build` (or `npm run build:server` alone for an API-only node), and `npm start` runs it
 * with plain `node`. Development, scripts and tests keep running TypeScript through tsx.
 *
 * Why not tsx in production too: tsx compiles every module on load in a second V8 isolate (its
 * loader thread) and keeps each module's inline source map as a string. Measured after boot
 * (API only, after a full GC): 64.7 MB of main heap and 299 MB RSS under tsx, 48.0 MB and
 * 156 MB from the bundle. Every full collection marks the whole heap, and on a 2-core node its
 * concurrent marking competes with the requests of that moment, so a smaller heap is shorter
 * tails; the idle loader isolate also ran collections of its own in the middle of `npm run bench`.
 *
 * The bundle holds only the project's code: packages stay imports (`node_modules` resolves them
 * as before), so Payload, Next and drizzle load exactly as they do under tsx.
 */
// One folder below the root, as src/ is: src/paths.ts finds the root next to its own file, which
// in the bundle is this one.
export const SERVER_BUNDLE = path.join(projectRoot, 'dist', 'server.js')

/**
 * Node and V8 flags of the production server, as `npm start` gives them (package.json repeats them; a
 * test holds the two together).
 * - `--conditions=production`: packages that export a `production` build are loaded as that
 *   build. Without it, Lexical's packages (loaded by the rich-text editor's server side) resolve
 *   to `*.node.mjs` files whose top-level `await import()` of their own build races with the
 *   same in the other Lexical packages, and on Node 20 the race sometimes never settles: the
 *   process exits with code 13 two seconds into boot, printing nothing. Measured with the
 *   bundle: 8 of 50 boots exited 13 without the flag, 0 of 40 with it (`npm run dev` takes
 *   `--conditions=development`, the scripts `production`, for the same reason).
 * - A 64 MB semi-space: young collections half as often as at 32 MB, so fewer of the objects of
 *   requests still in flight are there to be copied and promoted. `npm run bench` on purchases,
 *   one run each: 32 MB gave ratios 0.46/0.57/0.48 and fixed-rate p99s 35/150/42 ms; 64 MB
 *   0.58/0.57/0.49 and 26/114/22 ms; 128 MB no better than 64 (0.50/0.59/0.50; 43/119/115 ms).
 * - No memory reducer: it shrinks an idle heap with full collections (it did in the middle of a
 *   steady load in the bench); a server keeps its heap at its working size instead.
 * - The old generation may grow to 4× what the last full collection kept (`--heap-growing-percent=300`)
 *   before the next one. V8's own factor follows how fast it marks, and a server's ~50 MB heap
 *   marks fast, so it chose about 1.2×: under load a full collection every 4–6 s, each one a
 *   cluster of 100–180 ms requests (its concurrent marking takes the cores PostgreSQL needs).
 *   Measured on exercise submissions with `--trace-gc` and a log of slow requests: 8 full
 *   collections in 40 s of load, every one at a cluster; with the flag, 1 in 45 s, the heap
 *   peaking near 210 MB instead of 65.
 */
export const SERVER_NODE_FLAGS = ['--conditions=production', '--max-semi-space-size=64', '--no-memory-reducer', '--heap-growing-percent=300'] as const

export async function buildServerBundle(): Promise<{ file: string; bytes: number; ms: number }> {
  const started = performance.now()
  await build({
    entryPoints: [path.join(projectRoot, 'src', 'server.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // `@payload-config` and the rest of tsconfig's paths resolve as under tsx.
    tsconfig: path.join(projectRoot, 'tsconfig.json'),
    // Not minified: stack traces in production logs stay readable without source maps (which
    // would cost heap again if loaded).
    minify: false,
    logLevel: 'warning',
  })
  return { file: SERVER_BUNDLE, bytes: fs.statSync(SERVER_BUNDLE).size, ms: performance.now() - started }
}
