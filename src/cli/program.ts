// The command tree. This module loads only commander: every action lives in the app
// bundle (src/cli/actions), which is loaded when a command actually runs, so `--help` and
// `--version` start in about the time node itself takes. It runs nothing when imported
// (main.ts does), so tests can walk the tree.

import { Command, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };

type ActionName = string;

function run(name: ActionName) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const { dispatch } = await import('./actions/index.js');
    // The app bundle runs from a V8 code cache (vm.Script), where Node 20 offers no
    // dynamic import(); ES-only packages it needs are imported from here instead.
    await dispatch(name, command, (specifier) => import(specifier));
  };
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

function serialOptions(cmd: Command): Command {
  return cmd
    .option('--serials <list>', 'serials, comma separated; ranges like SN-0001..SN-0100 keep zero padding')
    .option(
      '--serials-file <file>',
      "file of serials, one per line, or a table with a 'Serial Number' column (and 'Product Code'/'Warehouse Code' where needed) separated by commas, semicolons or tabs; each is taken as written (no ranges); - reads stdin",
    );
}

const FORMAT = new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']);

export function buildProgram(outputError?: (text: string, write: (text: string) => void) => void): Command {
  const program = new Command('serials');
  // before any subcommand is added: subcommands copy the output configuration
  if (outputError) program.configureOutput({ outputError });
  program
    .description('A local-first ledger of serialized stock: where is each serial, what happened to it, what do we hold.')
    .version(pkg.version, '-V, --version', 'print the version')
    .option('--db <path>', 'ledger file (default: $SERIALS_DB, else ./serials.db; never empty)')
    .option('--json', 'print exactly one JSON document on stdout')
    .option('--no-color', 'no colour (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'print only results and errors')
    .option('--yes', 'answer yes to confirmations')
    .option('--no-input', 'never prompt; missing input is an error')
    .showHelpAfterError(outputError ? false : '(add --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      `\nExit codes: 0 ok, 1 rejected (nothing written), 2 usage, 66 input file missing,\n69 no ledger, not a ledger, damaged, or schema out of date, 70 internal error,\n74 output could not be written, 75 ledger busy (retry),\n130/143 interrupted by Ctrl-C/SIGTERM (nothing written).` +
        examples(['serials demo', 'serials init', 'serials enquiry SN-0001', 'serials soh --format csv']),
    );

  program
    .command('init')
    .description('create a ledger in a missing or empty file (or bring an existing ledger up to date, backing it up first)')
    .option('--no-backup', 'when bringing an existing ledger up to date, do not back it up first')
    .addHelpText('after', examples(['serials init', 'serials --db shop.db init']))
    .action(run('init'));

  const db = program.command('db').description('migrations, backups and integrity checks');
  db.command('migrate')
    .description('apply pending migrations in one transaction, after backing the ledger up beside itself (LEDGER.schema-NNNN.bak)')
    .option('--dry-run', 'list the migrations that would run; write nothing')
    .option('--no-backup', 'do not back the ledger up first')
    .addHelpText('after', examples(['serials db migrate', 'serials db migrate --dry-run', 'serials db migrate --no-backup   # in CI, on a copy']))
    .action(run('db.migrate'));
  db.command('status')
    .description('list applied and pending migrations')
    .option('--check', 'exit 0 when up to date, 1 when migrations are pending, 69 when a newer serials wrote the ledger')
    .addHelpText('after', examples(['serials db status', 'serials db status --check || serials db migrate', 'serials db status --json']))
    .action(run('db.status'));
  db.command('verify')
    .description("check the file (SQLite's integrity check: damage is exit 69) and that current state matches history (exit 1 listing each discrepancy)")
    .addHelpText('after', examples(['serials db verify']))
    .action(run('db.verify'));
  db.command('backup <file>')
    .description('copy the ledger consistently while it is in use (never over the ledger itself; an existing backup only with --force)')
    .option('--force', 'replace FILE if it is an older serials ledger (never any other file)')
    .addHelpText('after', examples(['serials db backup shop-2026-11-28.db', 'serials db backup nightly.db --force']))
    .action(run('db.backup'));

  const settings = program.command('settings').description('company settings');
  settings.command('show').description('show settings').addHelpText('after', examples(['serials settings show'])).action(run('settings.show'));
  settings
    .command('enable-serial-tracking')
    .description('switch serial tracking on for the company (irreversible; asks to confirm, or --yes)')
    .addHelpText('after', examples(['serials settings enable-serial-tracking', 'serials --yes settings enable-serial-tracking']))
    .action(run('settings.enable-serial-tracking'));

  for (const kind of ['warehouse', 'supplier', 'customer'] as const) {
    const group = program.command(kind).description(`${kind}s`);
    group
      .command('add <code>')
      .description(`add a ${kind}`)
      .option('--name <name>', `${kind} name (default: the code)`)
      .addHelpText('after', examples([`serials ${kind} add ${kind === 'warehouse' ? 'MAIN --name "Main warehouse"' : 'ACME --name "Acme Ltd"'}`]))
      .action(run(`${kind}.add`));
    group.command('list').description(`list ${kind}s`).addOption(FORMAT).addHelpText('after', examples([`serials ${kind} list`])).action(run(`${kind}.list`));
  }

  const product = program.command('product').description('products');
  product
    .command('add <code>')
    .description('add a product')
    .option('--description <text>', 'description')
    .option('--serialized', 'track each unit by serial number (needs serial tracking enabled)')
    .option('--never-diminishing', 'stock is never reduced (e.g. a service); cannot be serialized')
    .addHelpText('after', examples(['serials product add WIDGET --description "Blue widget" --serialized', 'serials product add LABOUR --never-diminishing']))
    .action(run('product.add'));
  product.command('list').description('list products with stock on hand').addOption(FORMAT).addHelpText('after', examples(['serials product list'])).action(run('product.list'));
  product
    .command('show <code>')
    .description('show a product: stock per warehouse, serial counts, open documents')
    .addHelpText('after', examples(['serials product show WIDGET']))
    .action(run('product.show'));
  serialOptions(
    product
      .command('serialize <code>')
      .description('start tracking serials for a product; every unit in stock needs a serial (P-5)')
      .option('--warehouse <code>', 'warehouse of the serials given (when they do not say)'),
  )
    .addHelpText(
      'after',
      examples(['serials product serialize WIDGET --serials W-001..W-010', 'serials product serialize WIDGET --serials-file stock.csv   # Warehouse Code,Serial Number']),
    )
    .action(run('product.serialize'));
  product
    .command('unserialize <code>')
    .description('stop tracking serials (needs zero stock); serial records become deleted, history kept')
    .addHelpText('after', examples(['serials product unserialize WIDGET']))
    .action(run('product.unserialize'));

  const po = program.command('po').description('purchase orders and receipts');
  po.command('create')
    .description('create a purchase order')
    .requiredOption('--supplier <code>', 'supplier code')
    .requiredOption('--warehouse <code>', 'warehouse receiving the goods')
    .option('--line <product:qty[:unit_cost]>', 'an order line (repeat for more lines)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--number <number>', 'use this number instead of the next PO-…')
    .addHelpText('after', examples(['serials po create --supplier ACME --warehouse MAIN --line WIDGET:10:4.50 --line CABLE:2.5']))
    .action(run('po.create'));
  serialOptions(
    po
      .command('receive <po>')
      .description('receive a purchase order, fully or in part; one new serial per serialized unit')
      .option('--product <code>', 'receive only this product line')
      .option('--qty <n>', 'quantity to receive on that line (default: number of serials, or all outstanding)'),
  )
    .addHelpText(
      'after',
      examples([
        'serials po receive PO-00000001 --product WIDGET --serials W-0001..W-0010',
        'serials po receive PO-00000001 --serials-file receipt.csv   # Product Code,Serial Number',
        'serials po receive PO-00000001 --product WIDGET   # scan serials, empty line to finish',
      ]),
    )
    .action(run('po.receive'));
  po.command('list')
    .description('list purchase orders')
    .addOption(new Option('--status <status>', 'only orders with this status').choices(['open', 'completed', 'deleted']))
    .addOption(FORMAT)
    .addHelpText('after', examples(['serials po list --status open']))
    .action(run('po.list'));
  po.command('show <po>')
    .description('show lines, received and outstanding quantities, and serials received')
    .addHelpText('after', examples(['serials po show PO-00000001', 'serials po show PO-00000001 --json']))
    .action(run('po.show'));
  po.command('delete <po>')
    .description('delete an open purchase order with nothing received')
    .addHelpText('after', examples(['serials po delete PO-00000002']))
    .action(run('po.delete'));

  const so = program.command('so').description('sales orders, serial assignment and shipments');
  so.command('create')
    .description('create a sales order')
    .requiredOption('--customer <code>', 'customer code')
    .requiredOption('--warehouse <code>', 'warehouse the goods ship from')
    .option('--line <product:qty[:unit_price]>', 'an order line (repeat for more lines)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--number <number>', 'use this number instead of the next SO-…')
    .addHelpText('after', examples(['serials so create --customer BAKER --warehouse MAIN --line WIDGET:2:129.00 --line CABLE:10']))
    .action(run('so.create'));
  so.command('list')
    .description('list sales orders')
    .addOption(new Option('--status <status>', 'only orders with this status').choices(['open', 'completed', 'deleted']))
    .addOption(FORMAT)
    .addHelpText('after', examples(['serials so list --status open']))
    .action(run('so.list'));
  so.command('show <so>')
    .description('show lines; assigned, shipped, parked and outstanding quantities; serials assigned (stale ones flagged) and shipped; the order\'s shipments')
    .addHelpText('after', examples(['serials so show SO-00000001', 'serials so show SO-00000001 --json']))
    .action(run('so.show'));
  so.command('delete <so>')
    .description('delete an open sales order with nothing shipped (its assignments are dropped)')
    .addHelpText('after', examples(['serials so delete SO-00000002']))
    .action(run('so.delete'));
  for (const mode of ['assign', 'unassign'] as const) {
    serialOptions(
      so
        .command(`${mode} <so>`)
        .description(
          mode === 'assign'
            ? 'assign available serials to an order line in advance (S-2); a serial on another open order is a warning'
            : 'remove serials assigned to an order line',
        )
        .requiredOption('--product <code>', 'the order line'),
    )
      .addHelpText('after', examples([`serials so ${mode} SO-00000001 --product WIDGET --serials W-0001,W-0002`]))
      .action(run(`so.${mode}`));
  }

  serialOptions(
    so
      .command('ship <so>')
      .description('ship all outstanding (or --product/--qty) of an order: assigned serials first, then those given (asked for on a terminal); dispatched at once unless --park')
      .option('--product <code>', 'ship only this product line')
      .option('--qty <n>', 'quantity of that line (default: all outstanding)')
      .option('--park', 'create the shipment without dispatching it (serials stay available)'),
  )
    .addHelpText(
      'after',
      examples([
        'serials so ship SO-00000001',
        'serials so ship SO-00000001 --product WIDGET --qty 2 --serials W-0007,W-0008',
        'serials so ship SO-00000001 --serials-file shipment.csv --park   # Product Code,Serial Number',
      ]),
    )
    .action(run('so.ship'));
  so.command('dispatch <shipment>')
    .description('dispatch a parked shipment: every serial is checked at once (S-4)')
    .addHelpText('after', examples(['serials so dispatch SS-00000001']))
    .action(run('so.dispatch'));
  so.command('cancel-shipment <shipment>')
    .description('cancel a parked shipment: nothing moves; its quantities are outstanding again, its serials free, and it is kept marked cancelled')
    .addHelpText('after', examples(['serials so cancel-shipment SS-00000001']))
    .action(run('so.cancel-shipment'));

  const credit = program.command('credit').description('credit notes: customer returns (C-1 to C-4)');
  serialOptions(
    credit
      .command('create')
      .description('credit units dispatched on a sales order (--so), or a free credit (--customer --warehouse)')
      .option('--so <number>', 'the sales order the units were shipped on')
      .option('--customer <code>', 'free credit: the customer (with --warehouse)')
      .option('--warehouse <code>', 'where returned units go (default: the order warehouse)')
      .requiredOption('--product <code>', 'product')
      .option('--qty <n>', 'quantity (default: number of serials; required for --no-return and non-serialized products)')
      .option('--no-return', 'value-only credit: no stock and no serials come back'),
  )
    .addHelpText(
      'after',
      examples([
        'serials credit create --so SO-00000001 --product WIDGET --serials W-0007',
        'serials credit create --so SO-00000001 --product WIDGET --qty 1 --no-return',
        'serials credit create --customer BAKER --warehouse MAIN --product WIDGET --serials OLD-42',
      ]),
    )
    .action(run('credit.create'));
  credit.command('list').description('list credit notes').addOption(FORMAT).addHelpText('after', examples(['serials credit list'])).action(run('credit.list'));
  credit.command('show <credit>').description('show a credit note with its serials').addOption(FORMAT).addHelpText('after', examples(['serials credit show CN-00000001'])).action(run('credit.show'));

  const supplierReturn = program.command('supplier-return').description('returns to suppliers (R-1 to R-3)');
  serialOptions(
    supplierReturn
      .command('create')
      .description("return units received on a purchase order to its supplier, from the order's warehouse")
      .requiredOption('--po <number>', 'the purchase order the units were received on')
      .requiredOption('--product <code>', 'product')
      .option('--qty <n>', 'quantity (default: number of serials; required for non-serialized products)'),
  )
    .addHelpText('after', examples(['serials supplier-return create --po PO-00000001 --product WIDGET --serials W-0003', 'serials supplier-return create --po PO-00000001 --product CABLE --qty 2.5']))
    .action(run('supplier-return.create'));
  supplierReturn.command('list').description('list supplier returns').addOption(FORMAT).addHelpText('after', examples(['serials supplier-return list'])).action(run('supplier-return.list'));
  supplierReturn
    .command('show <return>')
    .description('show a supplier return with its serials')
    .addOption(FORMAT)
    .addHelpText('after', examples(['serials supplier-return show SR-00000001']))
    .action(run('supplier-return.show'));

  const adjust = program.command('adjust').description('stock adjustments');
  for (const direction of ['in', 'out'] as const) {
    serialOptions(
      adjust
        .command(direction)
        .description(direction === 'in' ? 'add stock to a warehouse (new or returning serials)' : 'remove stock from a warehouse (serials become unavailable)')
        .requiredOption('--warehouse <code>', 'warehouse')
        .option('--product <code>', 'product (or a CSV with a Product Code column)')
        .option('--qty <n>', 'quantity (default: number of serials; decimals only for non-serialized products)')
        .requiredOption('--reason <text>', 'why the stock changed'),
    )
      .addHelpText(
        'after',
        examples([
          `serials adjust ${direction} --warehouse MAIN --product WIDGET --serials W-0042 --reason "${direction === 'in' ? 'found in returns bay' : 'damaged'}"`,
          `serials adjust ${direction} --warehouse MAIN --product CABLE --qty 2.5 --reason "${direction === 'in' ? 'recount' : 'offcut'}"`,
        ]),
      )
      .action(run(`adjust.${direction}`));
  }

  const importCommand = program
    .command('import')
    .description('bulk CSV imports, all or nothing (Unleashed layouts; headers ignore case and spaces)');
  const layouts: Record<string, string> = {
    warehouses: 'Warehouse Code, Warehouse Name',
    suppliers: 'Supplier Code, Supplier Name',
    customers: 'Customer Code, Customer Name',
    products: 'Product Code, Product Description, Serialized (Yes/No), Never Diminishing (Yes/No)',
    'opening-stock':
      'Product Code, Warehouse Code, Quantity, [Unit Cost], [Serial Number]: one row per serial, or a row with the quantity followed by rows with only a Serial Number',
    serials: 'Product Code, [Product Description], Warehouse Code, Serial Number: serializes products that have stock (one serial per unit)',
  };
  for (const [kind, layout] of Object.entries(layouts)) {
    importCommand
      .command(`${kind} <file>`)
      .description(`import ${kind} from a CSV file (- reads stdin). Columns: ${layout}`)
      .option('--dry-run', 'check everything and say what would be written, without writing')
      .option('--errors <file>', 'write every problem found to this CSV file')
      .addHelpText('after', examples([`serials import ${kind} ${kind}.csv`, `serials import ${kind} ${kind}.csv --dry-run --errors problems.csv`, `cat ${kind}.csv | serials import ${kind} -`]))
      .action(run(`import.${kind}`));
  }

  program
    .command('enquiry [serial]')
    .description('find serials: exact serial (ignoring case), or any filter below')
    .option('--contains <text>', 'serial text contains this (ignoring case)')
    .option('--product <code>', 'product')
    .option('--warehouse <code>', 'warehouse (current, or last known)')
    .addOption(new Option('--status <status>', 'status').choices(['available', 'unavailable', 'deleted']))
    .option('--document <number>', 'moved by this document (a PO means its receipts)')
    .option('--supplier <code>', 'received from this supplier')
    .option('--customer <code>', 'shipped to, or credited from, this customer')
    .option('--so <number>', 'shipped on this sales order')
    .option('--from <date>', 'last movement on or after YYYY-MM-DD')
    .option('--to <date>', 'last movement on or before YYYY-MM-DD')
    .option('--limit <n>', 'at most this many rows')
    .addOption(FORMAT)
    .addHelpText(
      'after',
      examples([
        'serials enquiry SN-0001',
        'serials enquiry --contains 00 --status available',
        'serials enquiry --supplier ACME --from 2026-01-01 --format csv',
        'serials enquiry --document PO-00000001 --json',
      ]),
    )
    .action(run('enquiry'));
  program
    .command('history <serial>')
    .description('every movement of a serial, in order')
    .option('--product <code>', 'only this product (the same text may be a serial of several)')
    .addOption(FORMAT)
    .addHelpText('after', examples(['serials history SN-0001', 'serials history SN-0001 --json']))
    .action(run('history'));
  program
    .command('soh')
    .description('stock on hand per product and warehouse, with serial counts')
    .option('--product <code>', 'product')
    .option('--warehouse <code>', 'warehouse')
    .option('--all', 'include rows whose stock is zero')
    .addOption(FORMAT)
    .addHelpText('after', examples(['serials soh', 'serials soh --warehouse MAIN --format csv']))
    .action(run('soh'));
  program
    .command('demo')
    .description('build a small example ledger from fixtures/ and show it (default ./serials-demo.db)')
    .addHelpText('after', examples(['serials demo', 'serials --db /tmp/try.db demo']))
    .action(run('demo'));

  return program;
}
