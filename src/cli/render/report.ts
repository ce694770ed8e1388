// A report with fields and a long list of rows (a stock count's variance: a row per serial,
// 200,000 of them, and a summary tallied as they pass). In JSON it is one object whose rows
// stream out a chunk at a time, byte for byte what JSON.stringify(object, null, 2) prints;
// in CSV every row; at a terminal, what people read: the rows worth looking at (up to the
// table limit) after a summary that is known only once every row has been read.

import type { Context } from '../context.js';
import { emit, presentList, TABLE_LIMIT, type View } from './present.js';

export interface RowsReport<R> {
  /** the object's fields before its rows */
  head: Record<string, unknown>;
  /** the rows' key in the object */
  rowsKey: string;
  rows: AsyncIterable<readonly R[]>;
  /** CSV columns and each row as JSON */
  view: View<R>;
  /** the object's fields after its rows: known once the rows are read */
  tail(): Record<string, unknown>;
  table: {
    /** the rows a table shows */
    keep(row: R): boolean;
    /** prints the report for people, given the rows kept (at most the limit) and how many more there were */
    render(kept: readonly R[], more: number): Promise<void> | void;
  };
}


const indented = (value: unknown, by: string) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${by}`);
const fields = (object: Record<string, unknown>) =>
  Object.entries(object)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${indented(v, '  ')}`);

export async function presentRowsReport<R>(ctx: Context, report: RowsReport<R>): Promise<void> {
  const format = ctx.format();
  if (format === 'csv') {
    await presentList(ctx, { rows: () => report.rows }, report.view);
    return;
  }
  if (format === 'json') {
    const head = fields(report.head);
    await emit(`{\n${head.map((f) => `${f},\n`).join('')}  ${JSON.stringify(report.rowsKey)}: [`);
    let n = 0;
    for await (const chunk of report.rows) {
      let text = '';
      for (const row of chunk) text += `${n++ === 0 ? '' : ','}\n    ${indented(report.view.json(row), '    ')}`;
      await emit(text);
    }
    const tail = fields(report.tail());
    await emit(`${n === 0 ? ']' : '\n  ]'}${tail.map((f) => `,\n${f}`).join('')}\n}\n`);
    return;
  }
  const kept: R[] = [];
  let more = 0;
  for await (const chunk of report.rows) {
    for (const row of chunk) {
      if (!report.table.keep(row)) continue;
      if (kept.length < TABLE_LIMIT) kept.push(row);
      else more += 1;
    }
  }
  await report.table.render(kept, more);
}
