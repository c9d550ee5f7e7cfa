/**
 * Settings of every connection the app opens to the primary, as a startup option.
 *
 * Named prepared statements run their generic plan. Only the hot paths' statements are named
 * (`tx.query(…, name)`; Payload and drizzle send unnamed ones, which this does not touch), so
 * that PostgreSQL plans each once per connection. Left to choose (`auto`), it planned some on
 * every call: the ledger's replay check for a learner with few rows looked cheaper through
 * (user, created_at) than through (user, idempotency_key), and each purchase paid 0.13 ms of
 * planning for a 0.02 ms lookup (`npm run bench -- --pg-stats`). A pooler that drops startup
 * options loses this, not correctness: see docs/scaling.md §8.
 */
export const sessionOptions = '-c plan_cache_mode=force_generic_plan'
