import { withTransaction } from '../db/transaction'
import { districtVenuesView, districtView, homeView, moduleView, nextBlockView } from '../services/journey/views'
import { endpoint, HttpError, requireLearner } from './http'

/** A positive whole number from the path or query, else 404 (a malformed id names nothing). */
export function idParam(value: unknown, what = 'resource'): number {
  const text = typeof value === 'string' ? value : ''
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) throw new HttpError(404, 'not_found', `No such ${what}.`)
  return Number(text)
}

const run = <T>(req: Parameters<typeof requireLearner>[0], fn: (tx: Parameters<Parameters<typeof withTransaction>[1]>[0], user: number) => Promise<T>) => {
  const user = requireLearner(req)
  return withTransaction(req.payload, (tx) => fn(tx, Number(user.id)), { user }).then((body) => Response.json(body))
}

/** GET /api/learn/home — the dashboard in a fixed number of statements. */
export const home = endpoint('get', '/learn/home', async (req) => {
  const user = requireLearner(req)
  return Response.json(await homeView(req.payload, Number(user.id)))
})

/** GET /api/learn/districts/:number — overview, module status, unlock hints. */
export const district = endpoint('get', '/learn/districts/:number', (req) =>
  run(req, (tx, user) => districtView(tx, user, idParam(req.routeParams?.number, 'district'))),
)

/** GET /api/learn/districts/:number/venues — venues with access, cost and rewards. */
export const districtVenues = endpoint('get', '/learn/districts/:number/venues', (req) =>
  run(req, (tx, user) => districtVenuesView(tx, user, idParam(req.routeParams?.number, 'district'))),
)

/** GET /api/learn/modules/:id — the learn page (403 `module_locked` while locked). */
export const learnModule = endpoint('get', '/learn/modules/:id', (req) =>
  run(req, (tx, user) => moduleView(tx, user, idParam(req.routeParams?.id, 'module'))),
)

/** GET /api/learn/modules/:id/next-block?after= — read-only; no completion, no wrap-around. */
export const nextBlock = endpoint('get', '/learn/modules/:id/next-block', (req) =>
  run(req, (tx, user) => {
    const after = new URL(req.url ?? 'http://x').searchParams.get('after')
    return nextBlockView(tx, user, idParam(req.routeParams?.id, 'module'), after === null || after === '' ? undefined : idParam(after, 'block'))
  }),
)

export const journeyEndpoints = [home, district, districtVenues, learnModule, nextBlock]
