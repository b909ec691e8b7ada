import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { ROLES, type Role } from '../../functions/domain/access';
import { findUnit } from '../../functions/domain/directory';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { issueLocalToken } from './tokens';

/**
 * `npm run token -- --role <role> [--unit <unitId>] [--hours N]`: prints a bearer token for the
 * local runtime, signed by the key in DATA_DIR (the same one `npm start` verifies with).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      unit: { type: 'string' },
      hours: { type: 'string' },
      subject: { type: 'string' },
    },
  });
  const role = values.role as Role | undefined;
  const fail = (message: string) => {
    process.stderr.write(
      `${message}\nUsage: npm run token -- --role ${ROLES.join('|')} [--unit <unitId>] [--hours 12]\n`,
    );
    process.exit(2);
  };
  if (!role || !ROLES.includes(role)) return fail(`--role must be one of ${ROLES.join(', ')}`);
  if (role === 'reporter' && !values.unit) return fail('--unit is required for a reporter');
  if (values.unit && !findUnit(defaultDirectory, values.unit))
    return fail(`No unit "${values.unit}" in the directory (see GET /units)`);
  const hours = values.hours ? Number(values.hours) : 12;
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 7) return fail('--hours must be between 0 and 168');
  const dataDir = process.env.DATA_DIR ?? '.data';
  mkdirSync(dataDir, { recursive: true });
  process.stdout.write(
    `${await issueLocalToken(dataDir, { role, unitId: values.unit, hours, subject: values.subject })}\n`,
  );
}

void main();
