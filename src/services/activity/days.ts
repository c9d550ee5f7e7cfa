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

/** How far a zone's wall clock is ahead of UTC at an instant, in ms (negative west of Greenwich). */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return wall - Math.floor(at.getTime() / 1000) * 1000
}

/**
 * The instant a learner-local calendar day begins (its local midnight) in an IANA zone. The
 * offset is taken twice, at the guess itself, so a day that starts or ends a daylight-saving
 * change still lands on its own midnight.
 */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number)
  const utcMidnight = Date.UTC(y!, m! - 1, d!)
  let at = utcMidnight - zoneOffsetMs(new Date(utcMidnight), timeZone)
  at = utcMidnight - zoneOffsetMs(new Date(at), timeZone)
  return new Date(at)
}
