import type { CreateTableBuilder } from 'kysely';
import type { Dialect } from './database.js';

/** An auto-incrementing integer primary key in either dialect. */
export function withSerialId<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
  dialect: Dialect,
): CreateTableBuilder<T, C | 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
