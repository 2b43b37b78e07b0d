// The ASVS table of the security suite: every chapter's rows, in order. scripts/asvs-table.ts prints it.
import type { AsvsChapter } from '../support.js';
import { v2 } from './v2-authentication.js';
import { v3 } from './v3-sessions.js';
import { v4 } from './v4-access-control.js';
import { v5 } from './v5-validation.js';
import { v13 } from './v13-api.js';
import { v13Direct } from './v13-direct.js';

export const asvsChapters: AsvsChapter[] = [v2, v3, v4, v5, v13, v13Direct];

/** The name vitest gives a row's test: `<chapter> > <id>: <requirement>`. */
export const testName = (row: { id: string; requirement: string }) => `${row.id}: ${row.requirement}`;
