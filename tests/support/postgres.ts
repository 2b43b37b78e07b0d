// Helpers for running the API suite against a real Postgres server (TEST_DATABASE_URL).
export function adminUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

export function templateName(): string {
  return `switchboard_tmpl_${process.pid}`;
}
