import { loadDotEnv } from './env'

// Imported for its effect, first thing in every entry point: module-level code further down the
// import graph (payload.config.ts) reads process.env when it is evaluated.
loadDotEnv()
