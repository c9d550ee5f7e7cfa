'use client'

import { Button, useConfig, useListQuery } from '@payloadcms/ui'
import React from 'react'

import { learnerViews } from '../../learnerViews'
import type { LearnerView } from '../../learnerViews'

const labels: Record<LearnerView, string> = { core: 'Core', practice: 'Practice' }
const views = Object.keys(learnerViews) as LearnerView[]

const columnsOf = (view: LearnerView) => learnerViews[view].map((c) => c.path)

/** The list's columns as Payload keeps them in the URL: a JSON array of accessors, `-` marking hidden ones. */
function shownColumns(columns: unknown): string[] {
  let list = columns
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list)
    } catch {
      return []
    }
  }
  return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string' && !c.startsWith('-')) : []
}

/**
 * Above the learner list: the two column sets of the operator console and the CSV export of
 * what the list currently shows (its search, in the chosen set's columns). The search box
 * itself is Payload's, over the collection's `listSearchableFields`.
 */
export function LearnerListTools() {
  const { query, refineListData } = useListQuery()
  const { config } = useConfig()
  const shown = shownColumns(query.columns)
  const active = views.find((v) => columnsOf(v).join() === shown.join()) ?? null
  const search = typeof query.search === 'string' ? query.search : ''
  const csv = `${config.routes.api}/admin/learners.csv?${new URLSearchParams({ q: search, view: active ?? 'core' })}`

  return (
    <div
      data-testid="learner-list-tools"
      data-active-view={active ?? ''}
      style={{ display: 'flex', gap: 'calc(var(--base) * 0.5)', alignItems: 'center', flexWrap: 'wrap', marginBottom: 'calc(var(--base) * 0.75)' }}
    >
      <span>Columns:</span>
      {views.map((view) => (
        <Button
          key={view}
          buttonStyle={active === view ? 'primary' : 'secondary'}
          size="small"
          margin={false}
          onClick={() => void refineListData({ columns: columnsOf(view), page: 1 })}
        >
          {labels[view]}
        </Button>
      ))}
      <a href={csv} download style={{ marginLeft: 'auto' }} data-testid="learner-csv">
        Export CSV{search ? ` (“${search}”)` : ''}
      </a>
    </div>
  )
}
