import fs from 'node:fs'

import { stopCluster } from './cluster'

/** Stops whichever postmaster serves the run's data directory (the first, or one a suite restarted). */
export default async function globalTeardown(): Promise<void> {
  const dataDir = process.env.FAULTS_PG_DATA_DIR
  if (!dataDir) return
  await stopCluster(dataDir)
  fs.rmSync(dataDir, { recursive: true, force: true })
}
