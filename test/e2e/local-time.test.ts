// Local time (issue 10, point 4): tables and CSV show times in the local zone (TZ honoured),
// --from/--to are local calendar days, JSON keeps the ISO 8601 UTC timestamps as stored.
// Run in two zones 25 hours apart (UTC+14 and UTC-11): whatever the hour the test runs at,
// the local day differs from the UTC day in at least one of them, and the two local days
// always differ from each other.

import { describe, expect, it } from 'vitest';
import { cli, json, ok, seededForFile } from '../helpers/ledger.js';

const seed = seededForFile((db) => {
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'LT-1', '--reason', 'now']));
});

const ZONES = ['Pacific/Kiritimati', 'Pacific/Pago_Pago'] as const;

/** The local calendar day, minute and second of an instant in a zone, as the CLI should print them. */
function local(iso: string, timeZone: string): { day: string; minute: string; second: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const minute = `${day} ${parts.hour}:${parts.minute}`;
  return { day, minute, second: `${minute}:${parts.second}` };
}

/** The day before or after a YYYY-MM-DD day. */
function shift(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const at = (db: string) => json<{ lastDocument: { date: string } }[]>(ok(cli(db, ['--json', 'enquiry', 'LT-1'])))[0]?.lastDocument.date ?? '';

describe.each(ZONES)('TZ=%s', (zone) => {
  const env = { TZ: zone };
  const run = (args: string[]) => ok(cli(seed.db, args, { env }));

  it('JSON keeps the stored UTC timestamp (Z), the same whatever the zone', () => {
    const stored = at(seed.db);
    expect(stored).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(json<{ lastDocument: { date: string } }[]>(run(['--json', 'enquiry', 'LT-1']))[0]?.lastDocument.date).toBe(stored);
    expect(json<{ at: string }[]>(run(['--json', 'history', 'LT-1'])).map((h) => h.at)).toEqual([stored]);
  });

  it('E-1/E-2: tables show the local day (enquiry) and the local day and time (history)', () => {
    const { day, minute } = local(at(seed.db), zone);
    const enquiry = run(['enquiry', 'LT-1']).stdout;
    expect(enquiry).toMatch(new RegExp(`^WIDGET\\s+MAIN\\s+LT-1\\s+Available\\s+SA-00000001\\s+${day}$`, 'm'));
    const history = run(['history', 'LT-1']).stdout;
    expect(history).toMatch(new RegExp(`^${minute}\\s+Adjustment in\\s+SA-00000001\\s+MAIN$`, 'm'));
  });

  it('CSV has the local date-time as a spreadsheet reads it (YYYY-MM-DD HH:MM:SS)', () => {
    const { second } = local(at(seed.db), zone);
    const enquiry = run(['enquiry', 'LT-1', '--format', 'csv']).stdout.trim().split('\n');
    expect(enquiry[0]?.split(',')[5]).toBe('Last Date');
    expect(enquiry[1]?.split(',')[5]).toBe(second);
    const history = run(['history', 'LT-1', '--format', 'csv']).stdout.trim().split('\n');
    expect(history[0]?.split(',')[2]).toBe('When');
    expect(history[1]?.split(',')[2]).toBe(second);
  });

  it('E-1: --from and --to are local days: the local day of the movement includes it, the days around it do not', () => {
    const { day } = local(at(seed.db), zone);
    const found = (args: string[]) => json<unknown[]>(run(['--json', 'enquiry', ...args])).length;
    expect(found(['--from', day, '--to', day])).toBe(1);
    expect(found(['--from', day])).toBe(1);
    expect(found(['--to', day])).toBe(1);
    expect(found(['--to', shift(day, -1)])).toBe(0);
    expect(found(['--from', shift(day, 1)])).toBe(0);
  });
});

it('E-1: in at least one of the two zones the local day is not the UTC day, and there the UTC day does not find the movement', () => {
  const stored = at(seed.db);
  const utcDay = stored.slice(0, 10);
  const days = ZONES.map((zone) => local(stored, zone).day);
  // 25 hours apart: never the same calendar day
  expect(days[0]).not.toBe(days[1]);
  const elsewhere = ZONES.filter((zone) => local(stored, zone).day !== utcDay);
  expect(elsewhere.length).toBeGreaterThan(0);
  for (const zone of elsewhere) {
    const r = ok(cli(seed.db, ['--json', 'enquiry', '--from', utcDay, '--to', utcDay], { env: { TZ: zone } }));
    expect(json(r), `--from/--to ${utcDay} in ${zone}, where the movement was on ${local(stored, zone).day}`).toEqual([]);
  }
  // and the same table shows a different day in each zone
  const shown = ZONES.map((zone) => ok(cli(seed.db, ['enquiry', 'LT-1'], { env: { TZ: zone } })).stdout);
  expect(shown[0]).toContain(days[0]);
  expect(shown[1]).toContain(days[1]);
  expect(shown[0]).not.toContain(days[1]);
});

it('E-1: a local day whose midnight does not exist (clocks went forward at midnight) is still a day for --from and --to', () => {
  // São Paulo went from 2018-11-04 00:00 straight to 01:00
  const env = { TZ: 'America/Sao_Paulo' };
  expect(json(ok(cli(seed.db, ['--json', 'enquiry', '--from', '2018-11-04', '--to', '2018-11-04'], { env })))).toEqual([]);
  expect(json<unknown[]>(ok(cli(seed.db, ['--json', 'enquiry', '--from', '2018-11-04'], { env })))).toHaveLength(1);
});
