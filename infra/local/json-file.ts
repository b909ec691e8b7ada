import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** Reads a JSON file, or the fallback when it does not exist yet. */
export function readJsonFile<T>(path: string, fallback: T): T {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : fallback;
}

/** Writes a JSON file atomically (temp file + rename), so a kill mid-write never leaves half a file. */
export function writeJsonFileAtomically(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value, null, 2));
  renameSync(temporary, path);
}
