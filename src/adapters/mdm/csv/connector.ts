import { defineConnector } from '../connector.ts';
import { parseCsvDelivery } from './parse.ts';

export const csv = defineConnector({
  name: 'csv',
  title: 'CSV',
  accepts: 'the column set in `src/adapters/mdm/csv/README.md`',
  parse: parseCsvDelivery,
});
