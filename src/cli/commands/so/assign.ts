import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { changeAssignments } from '../../families/assignments.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'assign',
  args: '<so>',
  summary: 'assign available serials to an order line in advance; a serial on another open order is a warning',
  flags: [
    { flags: '--product <code>', description: 'the order line', required: true },
    ...SERIAL_FLAGS,
  ],
  examples: ['serials so assign SO-00000001 --product WIDGET --serials W-0001,W-0002'],
};

export function run(ctx: Context): Promise<void> {
  return changeAssignments(ctx, 'assign');
}
