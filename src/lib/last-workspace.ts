// Remembers the last workspace opened (an id, nothing secret) so `/` and pages outside a workspace return to it.
const KEY = 'switchboard:last-workspace';

export function getLastWorkspaceId(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setLastWorkspaceId(id: string | null): void {
  try {
    if (id) localStorage.setItem(KEY, id);
    else localStorage.removeItem(KEY);
  } catch {
    // storage unavailable (private mode): nothing to remember
  }
}
