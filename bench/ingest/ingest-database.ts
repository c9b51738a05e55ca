import { applyMigrations } from '@app/database';
import { resolve } from 'node:path';
import { Client } from 'pg';

const SERVER = 'postgresql://root@127.0.0.1:5432';
export const INGEST_BENCH_DB = 'sm_bench_ingest';

/**
 * A fresh database with the migrations applied, made by the bench process before it
 * starts the measured one: the migration engine (WebAssembly, a few hundred MB) is not
 * part of what ingestion costs.
 */
export async function prepareIngestDatabase(): Promise<void> {
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${INGEST_BENCH_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${INGEST_BENCH_DB}`);
  await admin.end();
  await applyMigrations(`${SERVER}/${INGEST_BENCH_DB}`, resolve(__dirname, '../../prisma/migrations'));
}
