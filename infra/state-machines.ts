import { join } from 'node:path';
import { STATE_MACHINES_DIR } from './project-paths';

/**
 * The state machines, each defined once in `statemachines/` and executed by CDK and the local
 * runtime alike. See `statemachines/README.md` for why there are two.
 */
export const STATE_MACHINES = {
  incident: {
    file: join(STATE_MACHINES_DIR, 'incident.asl.json'),
    description:
      'One execution per incident: immediate notifications and the follow-up cadence (R-DIRECT-CITY, R-DUAL, R-ENTERPRISE, R-HORIZONTAL, R-FOLLOWUP)',
  },
  obligation: {
    file: join(STATE_MACHINES_DIR, 'obligation.asl.json'),
    description: 'One execution per obligation: reminder, deadline and escalation ladder (R-LIFECYCLE, R-LADDER)',
  },
} as const;

export type StateMachineName = keyof typeof STATE_MACHINES;
export const STATE_MACHINE_NAMES = Object.keys(STATE_MACHINES) as StateMachineName[];
