// Server settings kept in the database file: the API key pepper a loopback stub generates on its
// first start when STUB_KEY_PEPPER is not set (every later process on the file reads the same one).
import { newPepper } from '../middleware/auth/secrets.js';
import type { Db } from './db.js';

/** STUB_KEY_PEPPER when configured, else this database's own (made once, atomically). */
export function keyPepper(db: Db, configured: string | undefined): string {
  if (configured !== undefined) return configured;
  db.prepare('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run('key_pepper', newPepper());
  return db.prepare('SELECT value FROM settings WHERE name = ?').pluck().get('key_pepper') as string;
}
