// What the raw PostgreSQL scripts share: one plain pg.Client, a transaction that takes the
// ledger's write lock as the CLI does (src/db/pg/driver.ts), and COPY FROM STDIN in text
// format — the fastest plain way to insert many rows.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The advisory lock's first key, as src/db/pg/driver.ts takes it ('SRLS'). */
const LOCK_CLASS = 0x53524c53 | 0;

export async function openRawPg(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** begin + the ledger's write lock, as every CLI write does. */
export async function beginLocked(client) {
  await client.query('begin isolation level read committed');
  await client.query('select pg_advisory_xact_lock($1, hashtext(current_schema()))', [LOCK_CLASS]);
}

/** The next id of a ledger-allocated table (max + 1 under the lock, as src/db/ids.ts does). */
export async function nextId(client, table) {
  return Number((await client.query(`select coalesce(max(id), 0) + 1 as id from ${table}`)).rows[0].id);
}

const escape = (v) => {
  if (v === null || v === undefined) return '\\N';
  if (typeof v !== 'string') return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
};

/** COPY `rows` (an iterable or async iterable of arrays, in `columns` order) into `table`, in 256 KB writes. */
export async function copyRows(client, table, columns, rows) {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  const done = new Promise((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let text = '';
  for await (const row of rows) {
    text += row.map(escape).join('\t') + '\n';
    if (text.length >= 262_144) {
      const more = stream.write(text);
      text = '';
      if (!more) await new Promise((resolve) => stream.once('drain', resolve));
    }
  }
  stream.end(text);
  await done;
}
