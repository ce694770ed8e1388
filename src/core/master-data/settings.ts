// Company settings (RULES.md P-1).

import { now } from '../values/clock.js';
import type { Db } from '../../db/open.js';

export interface Settings {
  serialTrackingEnabled: boolean;
  serialTrackingEnabledAt: string | null;
  demo: boolean;
}

const SERIAL_TRACKING = 'serial_tracking_enabled_at';
const DEMO = 'demo_ledger';

export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const map = new Map(rows.map((r) => [r.key, r.value]));
  return {
    serialTrackingEnabled: map.has(SERIAL_TRACKING),
    serialTrackingEnabledAt: map.get(SERIAL_TRACKING) ?? null,
    demo: map.get(DEMO) === 'true',
  };
}

/** P-1: switched on once and never off. Idempotent: a second call reports the first time. */
export async function enableSerialTracking(db: Db): Promise<{ alreadyEnabled: boolean; enabledAt: string }> {
  const current = await getSettings(db);
  if (current.serialTrackingEnabledAt) return { alreadyEnabled: true, enabledAt: current.serialTrackingEnabledAt };
  const enabledAt = now();
  await db.insertInto('settings').values({ key: SERIAL_TRACKING, value: enabledAt }).execute();
  return { alreadyEnabled: false, enabledAt };
}

/** Marks a ledger made by `serials demo`, so that the demo may replace it but nothing else. */
export async function markDemo(db: Db): Promise<void> {
  await db.insertInto('settings').values({ key: DEMO, value: 'true' }).execute();
}
