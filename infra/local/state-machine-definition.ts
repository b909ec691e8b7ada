import { readFileSync } from 'node:fs';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { WORKFLOW_TASKS } from '../../functions/workflow/tasks';
import { STATE_MACHINES, type StateMachineName } from '../state-machines';

/** A state machine's ASL file as written, with its `${…}` placeholders. */
export function readDefinitionTemplate(name: StateMachineName): string {
  return readFileSync(STATE_MACHINES[name].file, 'utf8');
}

/** Every `${Name}` placeholder of a definition template. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]))];
}

/**
 * Applies `definitionSubstitutions` the way Step Functions does (the local engine does not).
 * @throws when a placeholder has no value, naming it.
 */
export function substituteDefinition(template: string, substitutions: Record<string, string>): StateMachineDefinition {
  const missing = placeholdersOf(template).filter((name) => substitutions[name] === undefined);
  if (missing.length > 0) throw new Error(`No substitution for ${missing.map((name) => '${' + name + '}').join(', ')}`);
  return JSON.parse(
    template.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => substitutions[name]),
  ) as StateMachineDefinition;
}

export type LambdaFunction = (payload: unknown) => Promise<unknown>;

/**
 * Binds every `lambda:invoke` Task state to a local function, chosen by the state's
 * `FunctionName` parameter, and answers like the optimized integration (`{ Payload, StatusCode }`),
 * so the ASL's `ResultSelector` reads the same `$.Payload` locally and in AWS. An error keeps
 * its name, which is what `Retry` matches (as Lambda's `errorType`).
 */
export function bindLambdaTasks(
  definition: StateMachineDefinition,
  lambdaInvokeResource: string,
  functionsByName: Record<string, LambdaFunction>,
): Record<string, (input: unknown) => Promise<unknown>> {
  const bindings: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue;
    if ((state as { Resource: string }).Resource !== lambdaInvokeResource) {
      throw new Error(
        `State "${stateName}" uses ${(state as { Resource: string }).Resource}; the local runtime binds only lambda:invoke tasks`,
      );
    }
    bindings[stateName] = async (input) => {
      const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
      const invoke = functionsByName[FunctionName];
      if (!invoke)
        throw new Error(`State "${stateName}" invokes ${FunctionName}, which the local runtime does not have`);
      return { Payload: await invoke(Payload), StatusCode: 200 };
    };
  }
  return bindings;
}

/**
 * The substitutions the local runtime uses where the stack puts ARNs: the lambda:invoke
 * resource as given, and each task function by its handler file name (bound by `bindLambdaTasks`).
 */
export function localSubstitutions(lambdaInvokeResource: string): Record<string, string> {
  return Object.fromEntries([
    ['LambdaInvoke', lambdaInvokeResource],
    ...WORKFLOW_TASKS.map((task) => [task.substitution, task.handlerFile]),
  ]) as Record<string, string>;
}
