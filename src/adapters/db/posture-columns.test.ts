import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { POSTURE_FIELD_NAMES, POSTURE_FIELDS } from '../../core/posture/fields.ts';
import { postureReports } from './schema.ts';

describe('posture columns', () => {
  it('give posture_reports one column per declared field, named and typed as declared', () => {
    const columns = getTableColumns(postureReports);
    const sqlType = {
      text: 'text',
      boolean: 'boolean',
      textList: 'jsonb',
      sensors: 'jsonb',
      applied: 'jsonb',
    } as const;
    for (const name of POSTURE_FIELD_NAMES) {
      const f = POSTURE_FIELDS[name];
      expect(columns[name]?.name, name).toBe(f.column);
      expect(columns[name]?.getSQLType(), name).toBe(sqlType[f.kind]);
      expect(columns[name]?.notNull, name).toBe(f.kind === 'sensors');
    }
  });
});
