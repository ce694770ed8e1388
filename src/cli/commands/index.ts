// Every command, in the order --help lists them. A new command is a module here and a line below.

import type { CommandModule } from '../command.js';
import * as initInit from './init/init.js';
import * as dbMigrate from './db/migrate.js';
import * as dbStatus from './db/status.js';
import * as dbVerify from './db/verify.js';
import * as dbBackup from './db/backup.js';
import * as dbCopy from './db/copy.js';
import * as settingsShow from './settings/show.js';
import * as settingsEnableSerialTracking from './settings/enable-serial-tracking.js';
import * as warehouseAdd from './warehouse/add.js';
import * as warehouseList from './warehouse/list.js';
import * as supplierAdd from './supplier/add.js';
import * as supplierList from './supplier/list.js';
import * as customerAdd from './customer/add.js';
import * as customerList from './customer/list.js';
import * as productAdd from './product/add.js';
import * as productList from './product/list.js';
import * as productShow from './product/show.js';
import * as productSerialize from './product/serialize.js';
import * as productUnserialize from './product/unserialize.js';
import * as poCreate from './po/create.js';
import * as poReceive from './po/receive.js';
import * as poList from './po/list.js';
import * as poShow from './po/show.js';
import * as poDelete from './po/delete.js';
import * as soCreate from './so/create.js';
import * as soList from './so/list.js';
import * as soShow from './so/show.js';
import * as soDelete from './so/delete.js';
import * as soAssign from './so/assign.js';
import * as soUnassign from './so/unassign.js';
import * as soShip from './so/ship.js';
import * as soDispatch from './so/dispatch.js';
import * as soCancelShipment from './so/cancel-shipment.js';
import * as creditCreate from './credit/create.js';
import * as creditList from './credit/list.js';
import * as creditShow from './credit/show.js';
import * as supplierReturnCreate from './supplier-return/create.js';
import * as supplierReturnList from './supplier-return/list.js';
import * as supplierReturnShow from './supplier-return/show.js';
import * as adjustIn from './adjust/in.js';
import * as adjustOut from './adjust/out.js';
import * as transferCreate from './transfer/create.js';
import * as transferList from './transfer/list.js';
import * as transferShow from './transfer/show.js';
import * as countCreate from './count/create.js';
import * as countSheet from './count/sheet.js';
import * as countStart from './count/start.js';
import * as countScan from './count/scan.js';
import * as countUnscan from './count/unscan.js';
import * as countEnter from './count/enter.js';
import * as countVariance from './count/variance.js';
import * as countComplete from './count/complete.js';
import * as countDelete from './count/delete.js';
import * as countList from './count/list.js';
import * as countShow from './count/show.js';
import * as bomSet from './bom/set.js';
import * as bomShow from './bom/show.js';
import * as bomList from './bom/list.js';
import * as bomDelete from './bom/delete.js';
import * as assembleAssemble from './assemble/assemble.js';
import * as disassembleDisassemble from './disassemble/disassemble.js';
import * as assemblyList from './assembly/list.js';
import * as assemblyShow from './assembly/show.js';
import * as assemblyComplete from './assembly/complete.js';
import * as assemblyDelete from './assembly/delete.js';
import * as importWarehouses from './import/warehouses.js';
import * as importSuppliers from './import/suppliers.js';
import * as importCustomers from './import/customers.js';
import * as importProducts from './import/products.js';
import * as importOpeningStock from './import/opening-stock.js';
import * as importSerials from './import/serials.js';
import * as enquiryEnquiry from './enquiry/enquiry.js';
import * as labelsLabels from './labels/labels.js';
import * as historyHistory from './history/history.js';
import * as traceTrace from './trace/trace.js';
import * as recallRecall from './recall/recall.js';
import * as sohSoh from './soh/soh.js';
import * as demoDemo from './demo/demo.js';
import * as completionCompletion from './completion/completion.js';

export const COMMANDS: readonly CommandModule[] = [
  initInit,
  dbMigrate,
  dbStatus,
  dbVerify,
  dbBackup,
  dbCopy,
  settingsShow,
  settingsEnableSerialTracking,
  warehouseAdd,
  warehouseList,
  supplierAdd,
  supplierList,
  customerAdd,
  customerList,
  productAdd,
  productList,
  productShow,
  productSerialize,
  productUnserialize,
  poCreate,
  poReceive,
  poList,
  poShow,
  poDelete,
  soCreate,
  soList,
  soShow,
  soDelete,
  soAssign,
  soUnassign,
  soShip,
  soDispatch,
  soCancelShipment,
  creditCreate,
  creditList,
  creditShow,
  supplierReturnCreate,
  supplierReturnList,
  supplierReturnShow,
  adjustIn,
  adjustOut,
  transferCreate,
  transferList,
  transferShow,
  countCreate,
  countSheet,
  countStart,
  countScan,
  countUnscan,
  countEnter,
  countVariance,
  countComplete,
  countDelete,
  countList,
  countShow,
  bomSet,
  bomShow,
  bomList,
  bomDelete,
  assembleAssemble,
  disassembleDisassemble,
  assemblyList,
  assemblyShow,
  assemblyComplete,
  assemblyDelete,
  importWarehouses,
  importSuppliers,
  importCustomers,
  importProducts,
  importOpeningStock,
  importSerials,
  enquiryEnquiry,
  labelsLabels,
  historyHistory,
  traceTrace,
  recallRecall,
  sohSoh,
  demoDemo,
  completionCompletion,
];
