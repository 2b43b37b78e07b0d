// Which blob storage the server hands uploads to, from the environment: Vercel Blob when BLOB_READ_WRITE_TOKEN is
// set; otherwise the local runtime's store (`/_blob`, development and tests), which a deployment does not have,
// so there uploads are off until the token is set.
// The variables are read here, at the call, rather than in env.ts (see the README's environment table).

export type StorageConfig = { mode: 'vercel-blob'; readWriteToken: string } | { mode: 'local' } | { mode: 'off'; reason: string };

/** Vercel's read-write token: `vercel_blob_rw_{storeId}_{secret}`. */
const READ_WRITE_TOKEN = /^vercel_blob_rw_[A-Za-z0-9]+_[A-Za-z0-9]+$/;

export function storageConfigFrom(env: NodeJS.ProcessEnv): StorageConfig {
  const token = env.BLOB_READ_WRITE_TOKEN?.trim();
  if (token) {
    if (!READ_WRITE_TOKEN.test(token)) return { mode: 'off', reason: 'BLOB_READ_WRITE_TOKEN is not a Vercel Blob read-write token (vercel_blob_rw_…)' };
    return { mode: 'vercel-blob', readWriteToken: token };
  }
  // As env.ts decides it: a deployment, or a production build run anywhere. Neither has the local runtime's store.
  if (env.VERCEL_ENV || env.NODE_ENV === 'production') return { mode: 'off', reason: 'File uploads are not set up on this deployment (BLOB_READ_WRITE_TOKEN)' };
  return { mode: 'local' };
}

export const storageConfig = (): StorageConfig => storageConfigFrom(process.env);
