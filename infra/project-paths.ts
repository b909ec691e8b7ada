import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root: the nearest folder at or above the working directory that holds
 * `statemachines/`. npm scripts, jest and the CDK CLI all run from the root; walking up keeps
 * a command started in a subfolder working too. (Not `import.meta.dirname`: jest runs this
 * code as CommonJS.)
 */
function findProjectRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'statemachines', 'incident.asl.json'))) return folder;
    if (dirname(folder) === folder)
      throw new Error(`No statemachines/incident.asl.json at or above ${start}: run from the project folder`);
  }
}

export const PROJECT_ROOT = findProjectRoot(process.cwd());
export const STATE_MACHINES_DIR = join(PROJECT_ROOT, 'statemachines');
export const FUNCTIONS_DIR = join(PROJECT_ROOT, 'functions');
