// Building a formatter costs far more than using one: one per time zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>()

/** The learner-local calendar date (YYYY-MM-DD) of an instant, in an IANA time zone. */
export function localDay(at: Date, timeZone: string): string {
  let format = formatters.get(timeZone)
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    if (formatters.size < 1000) formatters.set(timeZone, format)
  }
  return format.format(at)
}

/** `day` moved by `days` calendar days (negative for earlier). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10)
}
