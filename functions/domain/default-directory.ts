import directoryConfiguration from '../config/units.json' with { type: 'json' };
import { parseDirectory, type Directory } from './directory';

/**
 * The directory `units.json` ships: issue 15 makes it only the seed of an empty directory table (first deploy, first
 * local start) and the fixture of tests; no function reads it otherwise (they read the table, `directory-source.ts`).
 */
export const defaultDirectory: Directory = parseDirectory(directoryConfiguration);
