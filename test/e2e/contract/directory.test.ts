// warehouse, supplier and customer add/list through the built CLI: the JSON contract, CSV
// that reads back into the import, plural-correct notes and the empty case.

import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { cli, cliLedger, ok } from '../../helpers/ledger.js';
import { contract } from '../../helpers/json-contract.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(['warehouse', 'supplier', 'customer'] as const)('%s add and list', (kind) => {
  it(`${kind} add --json and ${kind} list --json match their schemas`, () => {
    const { dir, db } = cliLedger();
    dirs.push(dir);
    const added = contract([kind, 'add'], cli(db, ['--json', kind, 'add', 'ZED', '--name', 'Zed & Co']));
    expect(added).toEqual({ code: 'ZED', name: 'Zed & Co' });
    const listed = contract<{ code: string; name: string }[]>([kind, 'list'], cli(db, ['--json', kind, 'list']));
    expect(listed.map((r) => r.code)).toContain('ZED');
  });

  it(`${kind} list --format csv has the import's headers; the table's note counts with a plural`, () => {
    const { dir, db } = cliLedger();
    dirs.push(dir);
    const csv = ok(cli(db, [kind, 'list', '--format', 'CSV'])).stdout.split('\n');
    const Kind = kind.charAt(0).toUpperCase() + kind.slice(1);
    expect(csv[0]).toBe(`${Kind} Code,${Kind} Name`);
    const table = ok(cli(db, [kind, 'list']));
    const rows = csv.filter((l) => l !== '').length - 1;
    expect(table.stderr).toContain(`${rows} ${rows === 1 ? kind : `${kind}s`}.`);
    // piped: plain aligned rows, no box drawing
    expect(table.stdout).not.toMatch(/[│┌└─]/);
    expect(table.stdout.split('\n')[0]).toMatch(new RegExp(`^${Kind} Code\\s+${Kind} Name$`));
  });
});
