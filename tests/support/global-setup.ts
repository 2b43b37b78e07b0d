// Prepares one migrated database template per test run; each test file then gets its own copy
// (a copied PGlite folder, or CREATE DATABASE … TEMPLATE on Postgres when TEST_DATABASE_URL is set).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client.js';
import { adminUrl, templateName } from './postgres.js';

export default async function setup(project: TestProject) {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl) {
    const name = templateName();
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: adminUrl(baseUrl) });
    await admin.connect();
    await admin.query(`drop database if exists "${name}"`);
    await admin.query(`create database "${name}"`);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const db = await openDatabase({ kind: 'postgres', url: url.toString() }, { migrate: true });
    await db.close();
    project.provide('dbTemplate', name);
    return async () => {
      await admin.query(`drop database if exists "${name}" with (force)`).catch(() => {});
      await admin.end();
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-template-'));
  const dataDir = path.join(dir, 'pglite');
  const db = await openDatabase({ kind: 'pglite', dataDir }, { migrate: true });
  await db.close();
  project.provide('dbTemplate', dataDir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: string;
  }
}
