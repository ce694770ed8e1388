// The README's worked example is run as written (serials -> the built CLI), so that README
// and behaviour cannot drift apart.

import { execSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, assertVerifies, tempDir } from '../helpers/ledger.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exampleCommands(): string[] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('```sh\nexport SERIALS_DB=shop.db');
  expect(start, 'the worked example block').toBeGreaterThan(0);
  const block = readme.slice(start + 6, readme.indexOf('```', start + 6));
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('export'));
}

it('every command of the README worked example succeeds, and the ledger verifies', () => {
  const env = { ...process.env, SERIALS_DB: join(dir, 'shop.db'), NO_COLOR: '1' };
  const commands = exampleCommands();
  expect(commands.length).toBeGreaterThan(30);
  for (const line of commands) {
    // the scanner line needs a terminal (tested in scanner.test.ts); confirmation via --yes
    if (line === 'serials po receive PO-00000001 --product DRILL') continue;
    let command = line.startsWith('serials ') ? `"${process.execPath}" "${BIN}" ${line.slice('serials '.length)}` : line;
    if (line.includes('enable-serial-tracking')) command += ' --yes';
    try {
      execSync(command, { cwd: dir, env, stdio: 'pipe', shell: '/bin/bash' });
    } catch (error) {
      throw new Error(`README command failed: ${line}\n${String((error as { stderr?: Buffer }).stderr ?? error)}`);
    }
  }
  const enquiry = JSON.parse(
    execSync(`"${process.execPath}" "${BIN}" --json enquiry DR-0007`, { cwd: dir, env, encoding: 'utf8' }),
  ) as { warehouse: string; status: string }[];
  expect(enquiry).toEqual([expect.objectContaining({ warehouse: 'SHOP', status: 'available' })]);
  assertVerifies(join(dir, 'shop.db'));
  // about a hundred commands one after another (PDFs among them): past the default 60 s on a loaded 2-core machine
}, 180_000);

it('I-2: the README bulk import example runs as written from the project folder', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('```sh\nexport SERIALS_DB=bulk.db');
  expect(start, 'the bulk import example block').toBeGreaterThan(0);
  const lines = readme
    .slice(start + 6, readme.indexOf('```', start + 6))
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('serials '));
  const env = { ...process.env, SERIALS_DB: join(dir, 'bulk.db'), NO_COLOR: '1' };
  for (const line of lines) {
    try {
      execSync(`"${process.execPath}" "${BIN}" ${line.slice('serials '.length)}`, { cwd: join(__dirname, '..', '..'), env, stdio: 'pipe' });
    } catch (error) {
      throw new Error(`README command failed: ${line}\n${String((error as { stderr?: Buffer }).stderr ?? error)}`);
    }
  }
  const soh = JSON.parse(execSync(`"${process.execPath}" "${BIN}" --json soh --product LADDER-3M`, { env, encoding: 'utf8' })) as { quantity: number; serialCount: number }[];
  expect(soh.map((r) => [r.quantity, r.serialCount])).toEqual([
    [2, 2],
    [1, 1],
  ]);
  assertVerifies(join(dir, 'bulk.db'));
});
