'use strict'

// autocannon `setupClient`: gives each connection the token of its own learner, so concurrent
// purchases never queue on one learner's row lock. A plain CommonJS file because autocannon
// `require()`s it by path inside its worker thread. Tokens arrive in `initialContext.tokens`
// (copied into the worker with the options). Each run opens exactly one connection per token,
// so the counter hands out every token once per run, also when this module outlives a run
// (inline mode, where it stays in the require cache).
let next = 0

/** @param {{ opts: { headers?: Record<string, string>, initialContext?: { tokens?: string[] } }, setHeaders: (h: Record<string, string>) => void }} client */
module.exports = function setupClient(client) {
  const tokens = (client.opts.initialContext && client.opts.initialContext.tokens) || []
  if (!tokens.length) throw new Error('setupClient: no tokens in initialContext.tokens')
  const token = tokens[next % tokens.length]
  next += 1
  client.setHeaders({ ...client.opts.headers, authorization: `JWT ${token}` })
}
