import path from 'node:path'

import { projectRoot } from '../paths'
import { buildServerBundle } from '../serverBundle'

/** `npm run build:server`: dist/server.js, what `npm start` runs (src/serverBundle.ts says why). */
const { file, bytes, ms } = await buildServerBundle()
console.log(`built ${path.relative(projectRoot, file)} (${(bytes / 1024).toFixed(0)} KB) in ${ms.toFixed(0)} ms`)
