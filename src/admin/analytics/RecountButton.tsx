'use client'

import { Button, toast } from '@payloadcms/ui'
import { useRouter } from 'next/navigation.js'
import React, { useState } from 'react'

/**
 * Recounts the shown range now (POST /api/admin/analytics/rollup) instead of waiting for the
 * hourly job, then re-renders the server-drawn charts. The admin's session cookie authorises it.
 */
export function RecountButton({ from, to, apiRoute }: { from: string; to: string; apiRoute: string }) {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const recount = async () => {
    setBusy(true)
    try {
      const res = await fetch(`${apiRoute}/admin/analytics/rollup`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from, to }),
      })
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { errors?: { message?: string }[] } | null
        toast.error(body?.errors?.[0]?.message ?? `Recount failed (${res.status}).`)
        return
      }
      toast.success(`Recounted ${from} to ${to}.`)
      router.refresh()
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button buttonStyle="secondary" size="small" disabled={busy} onClick={() => void recount()}>
      {busy ? 'Recounting…' : 'Recount now'}
    </Button>
  )
}
