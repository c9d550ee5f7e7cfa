'use client'

import { useFormFields } from '@payloadcms/ui'

/**
 * Lets an admin listen to a recording on its edit page. The file URL goes through Payload's
 * own access control (owner or admin), so the player works with the admin's session only.
 */
export function AudioPreview() {
  const url = useFormFields(([fields]) => fields.url?.value)
  if (typeof url !== 'string' || !url) return null
  return (
    <div style={{ marginBottom: 'var(--base)' }}>
      <audio controls preload="none" src={url} style={{ width: '100%' }}>
        <a href={url}>Download the recording</a>
      </audio>
    </div>
  )
}
