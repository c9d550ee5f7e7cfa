import React from 'react'

import type { Metric, Summary } from '../../services/analytics'

/** What each chart is called and what its headline number means (active learners do not add up across days). */
const charts: { metric: Metric; label: string; total: string }[] = [
  { metric: 'activeLearners', label: 'Active learners', total: 'peak day' },
  { metric: 'signups', label: 'Sign-ups', total: 'total' },
  { metric: 'onboardingCompletions', label: 'Onboarding completions', total: 'total' },
  { metric: 'moduleCompletions', label: 'Module completions', total: 'total' },
  { metric: 'venueEntries', label: 'Venue entries', total: 'total' },
  { metric: 'milestonePasses', label: 'Milestone passes', total: 'total' },
]

const HEIGHT = 80
const BAR = 10
const GAP = 2

/**
 * The rollups as small bar charts, one per metric, drawn as plain SVG on the server: no chart
 * library in the admin bundle, and every bar carries its day and value (as a tooltip and as
 * data attributes) so what you see is exactly what `GET /api/admin/analytics/summary` serves.
 */
export function AnalyticsCharts({ summary }: { summary: Summary }) {
  const { days, totals } = summary
  const width = Math.max(days.length * (BAR + GAP), BAR)
  return (
    <div data-testid="analytics-charts" style={{ display: 'grid', gap: 'calc(var(--base) * 1)', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))' }}>
      {charts.map(({ metric, label, total }) => {
        const max = Math.max(1, ...days.map((d) => d[metric]))
        return (
          <figure
            key={metric}
            data-metric={metric}
            data-total={totals[metric]}
            style={{ margin: 0, padding: 'calc(var(--base) * 0.75)', border: '1px solid var(--theme-elevation-150)', borderRadius: 'var(--style-radius-m, 4px)' }}
          >
            <figcaption style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', marginBottom: 'calc(var(--base) * 0.5)' }}>
              <span>{label}</span>
              <span>
                <strong data-role="total" style={{ fontSize: '1.5rem' }}>
                  {totals[metric]}
                </strong>{' '}
                <small style={{ color: 'var(--theme-elevation-500)' }}>{total}</small>
              </span>
            </figcaption>
            <svg role="img" aria-label={`${label} per day from ${summary.from} to ${summary.to}`} viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" style={{ width: '100%', height: HEIGHT, display: 'block' }}>
              <line x1={0} y1={HEIGHT - 0.5} x2={width} y2={HEIGHT - 0.5} stroke="var(--theme-elevation-200)" strokeWidth={1} />
              {days.map((d, i) => {
                const h = d[metric] === 0 ? 0 : Math.max(2, (d[metric] / max) * (HEIGHT - 4))
                return (
                  <rect key={d.day} data-day={d.day} data-value={d[metric]} x={i * (BAR + GAP)} y={HEIGHT - h} width={BAR} height={h} fill="var(--theme-success-500, #3a8f5c)">
                    <title>{`${d.day}: ${d[metric]}`}</title>
                  </rect>
                )
              })}
            </svg>
            <div style={{ display: 'flex', justifyContent: 'space-between', color: 'var(--theme-elevation-500)', fontSize: '0.75rem' }}>
              <span>{summary.from}</span>
              <span>{summary.to}</span>
            </div>
          </figure>
        )
      })}
    </div>
  )
}
