import type { FieldHook } from 'payload'

export const slugify = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)

/** Keeps a venue addressable by a stable slug without making authors type one. */
export const slugFromName: FieldHook = ({ value, siblingData }) => {
  if (typeof value === 'string' && value.length > 0) return value
  return typeof siblingData?.name === 'string' ? slugify(siblingData.name) || undefined : value
}
