// Where the site's sources and its build output live.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const siteRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = join(siteRoot, 'dist');
export const SCREENSHOT_DIR = join(siteRoot, '..', 'reports', 'screenshots');
