// The app bundle's entry: maps a command name to its action, runs it with a context, and
// turns whatever it throws into the message and exit code of DESIGN.md.

import type { Command } from 'commander';
import { createContext, type Context } from '../context.js';
import { EXIT, reportError } from '../fail.js';
import * as admin from './admin.js';
import { backup } from './backup.js';
import { addAction, listAction } from './directory.js';
import * as product from './product.js';
import * as po from './po.js';
import * as so from './so.js';
import * as returns from './returns.js';
import { adjustAction } from './adjust.js';
import * as reports from './reports.js';
import { demo } from './demo.js';
import { IMPORT_KINDS, importAction } from './import.js';
import { createOutput } from '../output.js';
import { OutputError } from '../../errors.js';
import { hasCommitted, installSignalHandlers, lateSignal } from '../signals.js';
import { settleSignals } from '../../db/open.js';

const actions: Record<string, (ctx: Context) => Promise<void>> = {
  init: admin.init,
  'db.migrate': admin.migrate,
  'db.status': admin.status,
  'db.verify': admin.verify,
  'db.backup': backup,
  'settings.show': admin.showSettings,
  'settings.enable-serial-tracking': admin.enableTracking,
  'warehouse.add': addAction('warehouse'),
  'warehouse.list': listAction('warehouse'),
  'supplier.add': addAction('supplier'),
  'supplier.list': listAction('supplier'),
  'customer.add': addAction('customer'),
  'customer.list': listAction('customer'),
  'product.add': product.add,
  'product.list': product.list,
  'product.show': product.show,
  'product.serialize': product.serialize,
  'product.unserialize': product.unserialize,
  'po.create': po.create,
  'po.receive': po.receive,
  'po.list': po.list,
  'po.show': po.show,
  'po.delete': po.remove,
  'so.create': so.create,
  'so.list': so.list,
  'so.show': so.show,
  'so.delete': so.remove,
  'so.assign': so.assignAction('assign'),
  'so.unassign': so.assignAction('unassign'),
  'so.ship': so.ship,
  'so.dispatch': so.dispatch,
  'so.cancel-shipment': so.cancelShipmentAction,
  'credit.create': returns.createCreditAction,
  'credit.list': returns.listAction('credit', false),
  'credit.show': returns.listAction('credit', true),
  'supplier-return.create': returns.createSupplierReturnAction,
  'supplier-return.list': returns.listAction('supplier-return', false),
  'supplier-return.show': returns.listAction('supplier-return', true),
  'adjust.in': adjustAction('in'),
  'adjust.out': adjustAction('out'),
  enquiry: reports.enquiry,
  history: reports.history,
  soh: reports.soh,
  demo,
  ...Object.fromEntries(IMPORT_KINDS.map((kind) => [`import.${kind}`, importAction(kind)])),
};

export async function dispatch(name: string, command: Command, importModule: (specifier: string) => Promise<unknown>): Promise<void> {
  const json = command.optsWithGlobals().json === true;
  installSignalHandlers({ json });
  // Standard output failing (a full disk) is said, with whether the ledger was changed.
  process.stdout.removeAllListeners('error');
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    const written = hasCommitted() ? ' The command itself completed: what it wrote to the ledger is kept.' : ' Nothing was written to the ledger.';
    const failure = new OutputError(
      `Cannot write the output: ${error.code === 'ENOSPC' ? 'no space left on the device' : error.message}.${written}`,
      'Free space on the device standard output goes to (or send it elsewhere), then run the command again if you need its output.',
    );
    process.exit(reportError(failure, createOutput({ color: false, quiet: false }), json));
  });
  let ctx: Context | undefined;
  try {
    ctx = createContext(command, importModule);
    const action = actions[name];
    if (!action) throw new Error(`no action for command ${name}`);
    await action(ctx);
  } catch (error) {
    const out = ctx?.out ?? createOutput({ color: false, quiet: false });
    process.exitCode = reportError(error, out, json);
  }
  await settleSignals();
  const late = lateSignal();
  if (late) process.stderr.write(`note: ${late} arrived after the command had committed its changes; they are kept.\n`);
}
