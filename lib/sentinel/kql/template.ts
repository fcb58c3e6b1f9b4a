// A KQL query template: a fixed body that reads its parameters only from `let` statements, whose
// values are literals built by ./literal.ts. The first line names the template, so the local
// workspace (scripts/fake-workspace) and the logs can tell which query this is; the golden text of
// each template is pinned by lib/sentinel/kql/templates.test.ts and shown in docs/sentinel.md.
import { kqlLiteral, parseLiteral, type KqlValue } from "./literal";

export interface KqlQuery<P extends Record<string, KqlValue> = Record<string, KqlValue>> {
  template: string;
  params: P;
  text: string;
}

export interface KqlTemplate<P extends Record<string, KqlValue>> {
  name: string;
  /** Parameter names in the order their `let` statements are written. */
  paramNames: readonly (keyof P & string)[];
  body: string;
  build(params: P): KqlQuery<P>;
}

const NAME = /^[a-z][a-z0-9-]*$/;
const PARAM = /^[a-z][A-Za-z0-9]*$/;

export function defineTemplate<P extends Record<string, KqlValue>>(
  name: string,
  paramNames: readonly (keyof P & string)[],
  body: string,
): KqlTemplate<P> {
  if (!NAME.test(name)) throw new Error(`template name ${name}`);
  for (const p of paramNames) if (!PARAM.test(p)) throw new Error(`template ${name}: parameter name ${p}`);
  const trimmed = body.trim();
  return {
    name,
    paramNames,
    body: trimmed,
    build(params: P): KqlQuery<P> {
      const lets = paramNames.map((p) => {
        if (!(p in params)) throw new Error(`template ${name}: parameter ${p} missing`);
        return `let ${p} = ${kqlLiteral(params[p]!)};`;
      });
      // A blank line ends the parameters: the body may have `let` statements of its own.
      return { template: name, params, text: [`// shellcase:${name}`, ...lets, "", trimmed].join("\n") };
    },
  };
}

/** The template name and parameter values of a query built by defineTemplate; null for other text. */
export function parseTemplateQuery(text: string): { template: string; params: Record<string, KqlValue> } | null {
  const head = text.match(/^\/\/ shellcase:([a-z][a-z0-9-]*)\n/);
  if (!head) return null;
  let rest = text.slice(head[0].length);
  const params: Record<string, KqlValue> = {};
  while (!rest.startsWith("\n")) {
    const m = rest.match(/^let ([a-z][A-Za-z0-9]*) = /);
    if (!m) throw new SyntaxError(`template ${head[1]}: parameters must be let statements ended by a blank line`);
    const [value, after] = parseLiteral(rest.slice(m[0].length));
    if (!after.startsWith(";\n")) throw new SyntaxError(`template ${head[1]}: let ${m[1]} not ended by ;`);
    params[m[1]!] = value;
    rest = after.slice(2);
  }
  return { template: head[1]!, params };
}
