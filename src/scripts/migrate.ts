import { withRuntime } from './runtime'

// Booting applies the committed migrations; this script exists to do only that (deploy step).
await withRuntime(async () => {
  console.log('migrations applied')
})
