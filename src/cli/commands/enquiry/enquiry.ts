import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { enquiry } from '../../actions/reports.js';

export const spec: CommandSpec = {
  noun: 'enquiry',
  args: '[serial]',
  summary: 'find serials: by serial (ignoring case), or by the filters below',
  flags: [
    { flags: '--contains <text>', description: 'serial text contains this (ignoring case)' },
    { flags: '--product <code>', description: 'product' },
    { flags: '--warehouse <code>', description: 'warehouse (current, or last known)' },
    { flags: '--status <status>', description: 'status', choices: ['available', 'unavailable', 'deleted'] },
    { flags: '--document <number>', description: 'moved by this document (a PO means its receipts)' },
    { flags: '--supplier <code>', description: 'received from this supplier' },
    { flags: '--customer <code>', description: 'shipped to, or credited from, this customer' },
    { flags: '--so <number>', description: 'shipped on this sales order' },
    { flags: '--from <date>', description: 'last movement on or after this local day, YYYY-MM-DD' },
    { flags: '--to <date>', description: 'last movement on or before this local day, YYYY-MM-DD' },
    { flags: '--limit <n>', description: 'at most this many rows' },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials enquiry SN-0001', 'serials enquiry --contains 00 --status available', 'serials enquiry --supplier ACME --from 2026-01-01 --format csv', 'serials enquiry --document PO-00000001 --json'],
};

export async function run(ctx: Context): Promise<void> {
  await enquiry(ctx);
}
