// Reads in one database round trip. The kernel verifies the access token without the database and hands a
// read handler a ReadScope; every read statement carries the caller check (session live, membership, role)
// in the same SQL, as a `caller` CTE the read is gated on:
//
//   with caller as (select role, ok from sessions left join memberships … where the session is live)
//   select caller.caller_role, d.* from caller left join lateral (<the read, where caller.ok …>) d on true
//
// No caller row → 401, no role → 404, a role too low → 403, exactly as a separate check answers. A caller with
// an API key (api/_lib/auth/api-keys.ts) runs the same read under another caller CTE, compiled alongside: the key
// by its hash, live, in this workspace, with the scope the endpoint needs, acting for its creator (whose id takes
// the place of `:uid` in the read) with the creator's role capped at admin. Statements
// are named and prepared once per connection on node-postgres and Neon (PGlite runs them in process). The
// scope records that the check ran, so the kernel can refuse (500) a read handler that skipped it.
import type { ApiKeyScope } from '../../../contracts/endpoint.js';
import type { Role } from '../../../contracts/roles.js';
import { roleAtLeast } from '../../../contracts/roles.js';
import type { Db } from '../../../db/client.js';
import { forbidden, notFound, unauthorized } from './errors.js';

/** A workspace read (`:wid`, a role) or a user read (any signed-in user). */
export type ScopeKind = 'workspace' | 'user';

interface Compiled {
  /** Prepared-statement name; undefined sends the text unnamed (dynamic SQL such as free-text search). */
  name: string | undefined;
  text: string;
  /** Parameter names in `$n` order. */
  params: string[];
}

export interface ReadStatement extends Compiled {
  kind: ScopeKind;
  /** The same read for a caller with an API key (workspace reads only). */
  key: Compiled | null;
}

export type Row = Record<string, unknown>;

// The caller check. Roles are declared owner, admin, agent, viewer, so `role <= need` means "at least need".
const CALLER: Record<ScopeKind, string> = {
  workspace: `caller as (
    select m.role as caller_role, coalesce(m.role <= :need::role, false) as ok
    from sessions s left join memberships m on m.user_id = s.user_id and m.workspace_id = :wid
    where s.id = :sid and s.user_id = :uid and s.revoked_at is null and s.expires_at > now()
  )`,
  user: `caller as (
    select null::role as caller_role, true as ok
    from sessions s where s.id = :sid and s.user_id = :uid and s.revoked_at is null and s.expires_at > now()
  )`,
};

// A key's caller: its creator's membership must still exist (else 401); another workspace's key has no role
// here (404); a missing scope answers 403 through key_scope_ok.
const KEY_CALLER = `caller as (
    select case when k.workspace_id = :wid then greatest(m.role, 'admin'::role) end as caller_role,
      coalesce(k.workspace_id = :wid and greatest(m.role, 'admin'::role) <= :need::role and :keyScope = any(k.scopes), false) as ok,
      :keyScope = any(k.scopes) as key_scope_ok, k.created_by as caller_uid
    from api_keys k join memberships m on m.user_id = k.created_by and m.workspace_id = k.workspace_id
    where k.secret_hash = :keyHash and k.revoked_at is null
  )`;

const PARAM = /(?<![:\w]):([a-z][A-Za-z0-9]*)\b/g;

function compileText(name: string | undefined, text: string): Compiled {
  const params: string[] = [];
  const sql = text.replace(PARAM, (_, param: string) => {
    let i = params.indexOf(param);
    if (i < 0) i = params.push(param) - 1;
    return `$${i + 1}`;
  });
  return { name, text: sql, params };
}

/** `read` under each caller CTE: the session's, and for workspace reads an API key's (`:uid` → its creator). */
function compile(kind: ScopeKind, name: string | undefined, build: (caller: string, columns: string, read: string) => string, read: string): ReadStatement {
  const session = compileText(name, build(CALLER[kind], 'caller.caller_role', read));
  const key =
    kind === 'workspace'
      ? compileText(name && `${name}_key`, build(KEY_CALLER, 'caller.caller_role, caller.key_scope_ok', read.replace(/(?<![:\w]):uid\b/g, 'caller.caller_uid')))
      : null;
  return { kind, ...session, key };
}

/**
 * A read folded into the caller check. `read` is a SELECT that may use `caller.ok` (true when the caller may
 * read), `:wid`, `:uid`, `:sid` and its own `:named` parameters; it should filter on `caller.ok` so a refused
 * caller costs nothing. `orderBy` re-applies the read's order over `d` (e.g. `d.sort_at desc, d.id desc`).
 */
export function readStatement(kind: ScopeKind, name: string | undefined, read: string, orderBy?: string): ReadStatement {
  const build = (caller: string, columns: string, body: string) => `with ${caller}
select ${columns}, d.* from caller
left join lateral (select true as row_found_, r.* from (${body}) r) d on true${orderBy ? `\norder by ${orderBy}` : ''}`;
  return compile(kind, name, build, read);
}

const VERIFY: Record<ScopeKind, ReadStatement> = {
  workspace: compile('workspace', 'caller_check_workspace', (caller, columns) => `with ${caller} select ${columns} from caller`, ''),
  user: compile('user', 'caller_check_user', (caller, columns) => `with ${caller} select ${columns} from caller`, ''),
};

type Runner = (statement: Compiled, values: unknown[]) => Promise<Row[]>;
interface PgLike {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}
interface PgliteLike {
  query(text: string, values: unknown[]): Promise<{ rows: Row[] }>;
  waitReady: Promise<void>;
}

const runners = new WeakMap<object, Runner>();

/** Runs a statement on the driver under the drizzle handle: named and prepared on pg and Neon pools. */
function runnerFor(db: Db): Runner {
  const client = (db as unknown as { $client: PgLike | PgliteLike }).$client;
  let run = runners.get(client);
  if (!run) {
    if ('waitReady' in client) {
      const pglite = client;
      run = async (s, values) => (await pglite.query(s.text, values)).rows;
    } else {
      const pool = client;
      run = async (s, values) => (await pool.query({ name: s.name, text: s.text, values })).rows;
    }
    runners.set(client, run);
  }
  return run;
}

/** A signed-in user's session, or an API key (its SHA-256 and the scope the endpoint needs). */
export type ScopeCaller = { userId: string; sessionId: string } | { keyHash: string; keyScope: ApiKeyScope };

/** What `:uid` and `scope.userId` are for a key before its read has run: nobody ("me" filters match nothing). */
const NOBODY = '00000000-0000-0000-0000-000000000000';

export class ReadScope {
  readonly kind: ScopeKind;
  /** The caller's role in the workspace, known once a read (or verify) has run; null for user reads. */
  role: Role | null = null;
  /** True once the caller check has run and passed. */
  checked = false;
  readonly #run: Runner;

  constructor(
    readonly db: Db,
    readonly caller: ScopeCaller,
    /** The URL's workspace for a workspace read; null for a user read. */
    readonly workspaceId: string | null,
    /** The role the route requires; null for a user read. */
    readonly need: Role | null,
  ) {
    this.kind = workspaceId === null ? 'user' : 'workspace';
    this.#run = runnerFor(db);
  }

  get userId(): string {
    return 'userId' in this.caller ? this.caller.userId : NOBODY;
  }

  /** Runs a read statement with the caller check; throws 401/404/403 as the check decides, else the rows. */
  async read<R extends Row = Row>(statement: ReadStatement, values: Record<string, unknown> = {}): Promise<R[]> {
    const rows = await this.#execute(statement, values);
    return rows[0]!.row_found_ === null ? [] : (rows as R[]);
  }

  /** The caller check alone: for a read handler that reads nothing else, and for errors found before a read. */
  async verify(): Promise<void> {
    if (this.checked) return;
    await this.#execute(VERIFY[this.kind], {});
  }

  async #execute(statement: ReadStatement, values: Record<string, unknown>): Promise<Row[]> {
    if (statement.kind !== this.kind) throw new Error(`a ${statement.kind} read statement ran in a ${this.kind} scope`);
    const caller = this.caller;
    const compiled = 'keyHash' in caller ? statement.key : statement;
    if (!compiled) throw new Error(`read statement ${statement.name ?? '(dynamic)'} has no API key form`);
    const all: Record<string, unknown> =
      'keyHash' in caller
        ? { ...values, keyHash: caller.keyHash, keyScope: caller.keyScope, wid: this.workspaceId, need: this.need }
        : { ...values, sid: caller.sessionId, uid: caller.userId, wid: this.workspaceId, need: this.need };
    const rows = await this.#run(
      compiled,
      compiled.params.map((p) => {
        if (!(p in all)) throw new Error(`read statement ${statement.name ?? '(dynamic)'}: no value for :${p}`);
        return all[p];
      }),
    );
    this.#check(rows[0]);
    return rows;
  }

  #check(first: Row | undefined): void {
    const key = 'keyHash' in this.caller ? this.caller : null;
    if (!first)
      throw unauthorized(
        key ? 'This API key is not valid: it was revoked, or the member it acts for left the workspace' : 'Your session has expired; sign in again',
      );
    if (this.kind === 'workspace') {
      const role = first.caller_role as Role | null;
      if (!role) throw notFound('Workspace');
      if (key && first.key_scope_ok !== true) throw forbidden(`This API key does not have the ${key.keyScope} scope`);
      if (!roleAtLeast(role, this.need!)) throw forbidden();
      this.role = role;
    }
    this.checked = true;
  }
}
