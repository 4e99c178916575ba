/**
 * A connection URL for messages and logs (DATABASE_URL, REDIS_URL): the password replaced by `***`. A URL
 * that does not parse still loses whatever sits between `user:` and `@`.
 * @example redactUrl('postgres://corridor:s3cret@db:5432/corridor') // 'postgres://corridor:***@db:5432/corridor'
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}
