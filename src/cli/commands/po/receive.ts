import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { receive } from '../../actions/po.js';

export const spec: CommandSpec = {
  noun: 'po',
  verb: 'receive',
  args: '<po>',
  summary: 'receive a purchase order, fully or in part; one new serial per serialized unit',
  flags: [
    { flags: '--product <code>', description: 'receive only this product line' },
    { flags: '--qty <n>', description: 'quantity to receive on that line (default: number of serials, or all outstanding)' },
    ...SERIAL_FLAGS,
  ],
  examples: ['serials po receive PO-00000001 --product WIDGET --serials W-0001..W-0010', 'serials po receive PO-00000001 --serials-file receipt.csv   # Product Code,Serial Number', 'serials po receive PO-00000001 --product WIDGET   # scan serials, empty line to finish'],
};

export async function run(ctx: Context): Promise<void> {
  await receive(ctx);
}
