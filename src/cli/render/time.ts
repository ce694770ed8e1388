// Times are stored as UTC ISO text; people read them in their own time zone (TZ is
// honoured: Node reads it), scripts get them unchanged in JSON, and spreadsheets get a
// local date-time they recognise ("2026-11-28 09:46:04").

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function local(iso: string): Date | undefined {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** 2026-11-28 */
export function localDate(iso: string): string {
  const d = local(iso);
  return d ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : iso;
}

/** 2026-11-28 09:46 — for tables and messages */
export function localTime(iso: string): string {
  const d = local(iso);
  return d ? `${localDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}` : iso;
}

/** 2026-11-28 09:46:04 — for CSV: a spreadsheet reads it as a date-time */
export function localDateTime(iso: string): string {
  const d = local(iso);
  return d ? `${localTime(iso)}:${pad(d.getSeconds())}` : iso;
}

/**
 * The UTC instant a local calendar day (YYYY-MM-DD, already checked to exist) begins at:
 * `--from 2026-11-28` means from local midnight, wherever the user is.
 */
export function startOfLocalDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

/** The UTC instant the local day after `day` begins at: `--to 2026-11-28` includes all of that day. */
export function endOfLocalDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + 1).toISOString();
}
