// The harness itself (test/helpers/ledger.ts, engines.ts): after every test, a ledger is
// verified when anything was written to it — through `write`, or behind its back (raw SQL,
// a transaction that rolled back). What sees the second kind is the engine's count of rows
// written (`changes`), so that count must see them on every engine.

import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/engines.js';
import { makeLedger, type EngineLedger } from '../helpers/engines.js';

forEachEngine((engine) => {
  let made: EngineLedger;

  beforeEach(async (context) => {
    made = await makeLedger(engine);
    context.onTestFinished(async () => {
      await made.ledger.close();
      made.remove();
    });
  });

  it('a fresh ledger has no changes; raw SQL outside any transaction is counted, row by row', async () => {
    const db = made.ledger.db;
    expect(await made.changes()).toBe(0);
    await sql`insert into warehouses (code, code_key, name, created_at) values ('RAW-1', 'raw-1', 'raw', 'now'), ('RAW-2', 'raw-2', 'raw', 'now')`.execute(db);
    expect(await made.changes()).toBe(2);
    await sql`update warehouses set name = 'renamed' where code = 'RAW-1'`.execute(db);
    expect(await made.changes()).toBe(3);
    await sql`delete from warehouses where code = 'RAW-2'`.execute(db);
    expect(await made.changes()).toBe(4);
    // reading changes nothing
    await sql`select count(*) from warehouses`.execute(db);
    expect(await made.changes()).toBe(4);
  });

  it('rows written in a transaction that rolled back are counted too', async () => {
    const db = made.ledger.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into warehouses (code, code_key, name, created_at) values ('GONE', 'gone', 'gone', 'now')`.execute(trx);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect((await sql<{ n: number }>`select count(*) as n from warehouses`.execute(db)).rows[0]?.n).toBe(0);
    expect(await made.changes()).toBeGreaterThan(0);
  });
});
