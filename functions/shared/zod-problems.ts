import type * as z from 'zod/mini';
import zhCN from 'zod/v4/locales/zh-CN.cjs';
import type { FieldProblem } from '../domain/errors';
import { nearestKnownField, withChineseMessage } from './problem-language';

type Issue = z.core.$ZodIssue;
interface SchemaDef {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
  element?: unknown;
}

const defOf = (schema: unknown): SchemaDef | undefined =>
  (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;

/** The keys an object schema knows at `path` (through optional, default and pipe wrappers), or none. */
function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let def = defOf(schema);
  let index = 0;
  while (def) {
    if (def.type === 'object') {
      if (index === path.length) return Object.keys(def.shape ?? {});
      def = defOf(def.shape?.[String(path[index])]);
      index += 1;
    } else if (def.type === 'array') {
      if (index === path.length) return [];
      def = defOf(def.element);
      index += 1;
    } else if (def.innerType !== undefined) def = defOf(def.innerType);
    else if (def.in !== undefined) def = defOf(def.in);
    else return [];
  }
  return [];
}

const fieldName = (path: readonly PropertyKey[]): string => (path.length > 0 ? path.map(String).join('.') : '(body)');

/**
 * R-INTAKE: every bad field of a failed parse, named by its path (`casualties.injured`), with its
 * message in English and, kept beside it, in Chinese (zod's zh-CN locale for zod's own messages;
 * the schemas' own messages are translated in `problem-language.ts`). An unknown key is a field of
 * its own, and names the known field it is nearest to: `mesuresTaken` → "did you mean measuresTaken?".
 */
export function zodFieldProblems(schema: z.ZodMiniType, body: unknown, issues: readonly Issue[]): FieldProblem[] {
  // The same parse with zod's Chinese messages: a parse's own error map comes before the global
  // (English) one and after a schema's own message, and the issues come in the same order.
  const chinese = schema.safeParse(body, { error: zhCN().localeError });
  const chineseIssues = chinese.success ? [] : chinese.error.issues;
  return issues.flatMap((issue, index): FieldProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const nearest = nearestKnownField(key, known);
        return {
          field: fieldName([...issue.path, key]),
          message: nearest ? `Unknown field; did you mean ${nearest}?` : 'Unknown field',
        };
      });
    }
    const problem = { field: fieldName(issue.path), message: issue.message };
    const zh = chineseIssues[index];
    return [
      zh && zh.message !== issue.message && zh.code === issue.code ? withChineseMessage(problem, zh.message) : problem,
    ];
  });
}
