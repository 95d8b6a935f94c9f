/**
 * Days as people read and enter them: calendar days (YYYY-MM-DD) on the clocks of a time zone —
 * the app's, APP_TIME_ZONE (Asia/Baku, UTC+4), read through src/server/env.ts. A moment (Date)
 * belongs to the day its zone's clocks show: 21:30 UTC on 1 December is 2 December in Baku.
 * Pure; no dependency (Intl only).
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(day: string): [number, number, number] {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new RangeError(`no such day: ${day}`);
  return [y, mo, d];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const formatDay = (y: number, mo: number, d: number) => `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClockFormat(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall-clock reading of a moment, as if it were UTC (ms), and its parts. */
function wallClock(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(wallClockFormat(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  const [y, mo, d, h, mi, s] = [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map(Number) as number[];
  return { y: y!, mo: mo!, d: d!, asUtc: Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) + instant.getUTCMilliseconds() };
}

/** True when `timeZone` is a zone this runtime knows (IANA name such as Asia/Baku, or UTC). */
export function isTimeZone(timeZone: string): boolean {
  try {
    wallClockFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The day (YYYY-MM-DD) a moment falls on in `timeZone`. */
export function dayOf(instant: Date, timeZone: string): string {
  const { y, mo, d } = wallClock(instant, timeZone);
  return formatDay(y, mo, d);
}

/** Today in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return dayOf(now, timeZone);
}

/** The moment the zone's clocks show `day` at 00:00 (the start of the day there). */
export function zonedStartOfDay(day: string, timeZone: string): Date {
  return zonedMoment(day, 0, 0, timeZone);
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

/**
 * The moment the zone's clocks show a date and time as typed (`YYYY-MM-DDTHH:MM`, what a
 * `datetime-local` field sends), or null when it is no such date and time.
 */
export function zonedDateTime(local: string, timeZone: string): Date | null {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) return null;
  const [hour, minute] = [Number(m[2]), Number(m[3])];
  if (hour > 23 || minute > 59) return null;
  try {
    return zonedMoment(m[1]!, hour, minute, timeZone);
  } catch {
    return null;
  }
}

/**
 * A calendar day (a birth date) as midnight UTC: for formats that hold a date without a zone (an
 * Excel date, an SPSS DATE), where no zone may move it to the day before. Null if it is no day.
 */
export function dayAsUtcMidnight(day: string): Date | null {
  try {
    const [y, mo, d] = parseDay(day);
    return new Date(Date.UTC(y, mo - 1, d));
  } catch {
    return null;
  }
}

/**
 * The zone's wall clock at a moment, as a Date whose UTC fields read that clock: for formats
 * that hold a time without a zone (an Excel cell, an SPSS DATETIME), labelled with the zone.
 */
export function wallClockAsUtc(instant: Date, timeZone: string): Date {
  return new Date(wallClock(instant, timeZone).asUtc);
}

/** The zone's wall clock at a moment as `YYYY-MM-DDTHH:MM` (a `datetime-local` field's value). */
export function localDateTimeOf(instant: Date, timeZone: string): string {
  const wall = wallClockAsUtc(instant, timeZone);
  return `${formatDay(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}

function zonedMoment(day: string, hour: number, minute: number, timeZone: string): Date {
  const [y, mo, d] = parseDay(day);
  const wanted = Date.UTC(y, mo - 1, d, hour, minute);
  // Guess with the zone's offset at that moment, then correct once for an offset change (DST).
  let guess = wanted - (wallClock(new Date(wanted), timeZone).asUtc - wanted);
  guess += wanted - wallClock(new Date(guess), timeZone).asUtc;
  return new Date(guess);
}

/** The last millisecond of `day` in the zone (so that the whole day counts, e.g. for a deadline). */
export function zonedEndOfDay(day: string, timeZone: string): Date {
  return new Date(zonedStartOfDay(addDays(day, 1), timeZone).getTime() - 1);
}

/** The day `days` later (or earlier, when negative): calendar arithmetic, no zone involved. */
export function addDays(day: string, days: number): string {
  const [y, mo, d] = parseDay(day);
  const next = new Date(Date.UTC(y, mo - 1, d + days));
  return formatDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

/** The same day `months` later; a day the target month lacks becomes its last (31 Jan → 28/29 Feb). */
export function addMonthsToDay(day: string, months: number): string {
  const [y, mo, d] = parseDay(day);
  const first = new Date(Date.UTC(y, mo - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return formatDay(first.getUTCFullYear(), first.getUTCMonth() + 1, Math.min(d, lastDay));
}
