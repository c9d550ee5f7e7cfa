import { DefaultTemplate } from '@payloadcms/next/templates'
import { Gutter } from '@payloadcms/ui'
import type { AdminViewServerProps } from 'payload'
import React from 'react'

import { hasRole } from '../../access/roles'
import { rangeProblem, recentRange, summary } from '../../services/analytics'
import { AnalyticsCharts } from './AnalyticsCharts'
import { RecountButton } from './RecountButton'

const DEFAULT_DAYS = 30

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

/**
 * /admin/analytics: the operator console's dashboard (spec §2.7). Admins pick a range of days
 * and see the daily rollups as charts; the numbers come from the same `summary()` the API
 * serves. Authors can enter the admin but not this page.
 */
export async function AnalyticsView({ initPageResult, params, searchParams }: AdminViewServerProps) {
  const { req, permissions, visibleEntities, locale } = initPageResult
  const { payload, user, i18n } = req
  const template = { i18n, locale, params, payload, permissions, searchParams, user: user ?? undefined, visibleEntities }

  if (!hasRole(user, 'admin')) {
    return (
      <DefaultTemplate {...template}>
        <Gutter>
          <h1>Analytics</h1>
          <p>Only admins can see learner analytics.</p>
        </Gutter>
      </DefaultTemplate>
    )
  }

  const fallback = recentRange(DEFAULT_DAYS)
  const asked = { from: single(searchParams?.from) ?? fallback.from, to: single(searchParams?.to) ?? fallback.to }
  const problem = rangeProblem(asked.from, asked.to)
  const { from, to } = problem ? fallback : asked
  const data = await summary(payload.db.pool, from, to)

  return (
    <DefaultTemplate {...template}>
      <Gutter>
        <h1>Analytics</h1>
        <p style={{ color: 'var(--theme-elevation-600)' }}>
          Daily counts from the rollup table (UTC days). The hourly job keeps yesterday and today current; recount a range after a backfill.
        </p>
        {problem ? (
          <p role="alert" style={{ color: 'var(--theme-error-500)' }}>
            {problem} Showing the last {DEFAULT_DAYS} days instead.
          </p>
        ) : null}
        <form method="get" style={{ display: 'flex', gap: 'calc(var(--base) * 0.5)', alignItems: 'end', flexWrap: 'wrap', margin: 'calc(var(--base) * 1) 0' }}>
          <label>
            From <input type="date" name="from" defaultValue={from} required />
          </label>
          <label>
            To <input type="date" name="to" defaultValue={to} required />
          </label>
          <button type="submit" className="btn btn--style-primary btn--size-small">
            Show
          </button>
          <RecountButton from={from} to={to} apiRoute={payload.config.routes.api} />
        </form>
        <AnalyticsCharts summary={data} />
      </Gutter>
    </DefaultTemplate>
  )
}
