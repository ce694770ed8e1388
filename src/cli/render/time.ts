// Times are stored as UTC ISO text; people read them in their own time zone (TZ is
// honoured: Node reads it), scripts get them unchanged in JSON, and spreadsheets get a
// local date-time they recognise ("2026-11-28 09:46:04").
//
// A report of a million rows formats a million timestamps, most of them the same (one
// receipt of 100,000 serials has one time): the last one formatted is remembered.

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

interface Parts {
  date: string;
  minutes: string;
  seconds: string;
}

let lastIso: string | undefined;
let lastParts: Parts | undefined;

/** The local calendar day, hour:minute and seconds of a UTC ISO timestamp, or undefined if it is not one. */
function parts(iso: string): Parts | undefined {
  if (iso === lastIso) return lastParts;
  const d = new Date(iso);
  let p: Parts | undefined;
  if (!Number.isNaN(d.getTime())) {
    const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const minutes = `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
    p = { date, minutes, seconds: `${minutes}:${pad(d.getSeconds())}` };
  }
  lastIso = iso;
  lastParts = p;
  return p;
}

/** 2026-11-28 */
export function localDate(iso: string): string {
  return parts(iso)?.date ?? iso;
}

/** 2026-11-28 09:46 — for tables and messages */
export function localTime(iso: string): string {
  return parts(iso)?.minutes ?? iso;
}

/** 2026-11-28 09:46:04 — for CSV: a spreadsheet reads it as a date-time */
export function localDateTime(iso: string): string {
  return parts(iso)?.seconds ?? iso;
}

/**
 * The UTC instant a local calendar day (YYYY-MM-DD, already checked to exist) begins at:
 * `--from 2026-11-28` means from local midnight, wherever the user is.
 */
export function startOfLocalDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localMidnight(y, m - 1, d);
}

/** The UTC instant the local day after `day` begins at: `--to 2026-11-28` includes all of that day. */
export function endOfLocalDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localMidnight(y, m - 1, d + 1);
}

/** Local midnight as a UTC ISO instant; years 0-99 are years, not 1900-1999 (Date's old rule). */
function localMidnight(year: number, monthIndex: number, day: number): string {
  const d = new Date(2000, monthIndex, day);
  d.setFullYear(year, monthIndex, day);
  return d.toISOString();
}
