// One case per (operation, example pair), placed so that what it needs exists: creates first,
// reads and changes in the order the examples' states tell, conflicts after the state they need,
// endings last and conflicts about ended resources after them.
import { pairExamples } from '../../../openapi/tools/example-pairs.js';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import type { PlannedCase } from '../types.js';
import { type Classified, classify, sameRequest } from './classify.js';
import { listedObjects } from './ids.js';
import { PHASE } from './phases.js';

export interface ExampleCase extends PlannedCase {
  role: Classified['role'];
  resource?: string;
  state?: string;
  soft?: boolean;
  /** Ids this case's list response reveals (discovery of seeded resources). */
  discovers: string[];
}

const RANK = { read: 0, add: 1, update: 2, action: 3 } as Record<string, number>;

/** A case in a resource's chain, with the state it shows the resource in. */
interface Member {
  c: ExampleCase;
  state?: string;
}

export function isSingleton(ops: SpecOperation[], path: string): boolean {
  return (
    !path.includes('{') && ops.some((o) => o.path === path && o.method === 'get') && ops.some((o) => o.path === path && o.method === 'put')
  );
}

export function exampleCases(ops: SpecOperation[], known: ReadonlySet<string>, checks: string[]): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const so of ops) {
    for (const pair of pairExamples(so.op).pairs) {
      const c = classify(
        {
          method: so.method,
          path: so.path,
          operationId: so.operationId,
          status: pair.response.status,
          request: pair.request,
          value: pair.response.value,
          singleton: isSingleton(ops, so.path),
        },
        known,
      );
      cases.push({
        id: `${so.operationId} ${pair.name}`,
        kind: 'example',
        operationId: so.operationId,
        method: so.method,
        path: so.path,
        example: pair.name,
        expected: { status: pair.response.status, example: pair.name, mediaType: pair.response.mediaType, value: pair.response.value },
        request: pair.request,
        phase: PHASE.main,
        after: [],
        uses: c.uses,
        produces: c.produces,
        checks,
        role: c.role,
        resource: c.resource,
        state: c.state,
        soft: c.soft,
        discovers: [],
      });
    }
  }
  return cases;
}

/** Assigns phases and `after` edges to the example cases of a stateful run. */
export function orderExampleCases(cases: ExampleCase[], known: ReadonlySet<string>): void {
  const producer = new Map<string, ExampleCase>();
  for (const c of cases) for (const id of c.produces) if (!producer.has(id)) producer.set(id, c);
  const used = new Set(cases.flatMap((c) => c.uses));

  // Seeded resources nobody creates: a list whose example shows them reveals their real ids.
  for (const id of used) {
    if (producer.has(id)) continue;
    const lister = cases
      .filter(
        (c) =>
          c.method === 'get' &&
          /^2/.test(c.expected.status) &&
          !c.uses.length &&
          listedObjects(c.expected.value, known).some((o) => o.id === id),
      )
      .sort((a, b) => Object.keys(b.request.query).length - Object.keys(a.request.query).length)[0];
    if (lister) {
      lister.discovers.push(id);
      lister.phase = PHASE.discover;
      lister.why = `lists ${id}, which no example creates`;
      producer.set(id, lister);
    }
  }

  const softEnded = new Set(cases.filter((c) => c.role === 'destroy' && c.soft).map((c) => c.resource));
  for (const c of cases) {
    if (c.phase === PHASE.discover) continue;
    if (c.role === 'create' && c.produces.some((id) => used.has(id))) [c.phase, c.why] = [PHASE.create, `creates ${c.produces.join(', ')}`];
    else if (c.role === 'create' && c.uses.length) {
      // Creates something nobody needs, on a resource it uses (a command to a call, a check of
      // an OTP): an addition to that resource.
      [c.role, c.resource] = ['add', c.uses[0]];
    } else if (c.role === 'destroy') [c.phase, c.why] = [PHASE.destroy, `ends ${c.resource}`];
    else if (c.role === 'conflict') {
      const after = c.resource !== undefined && softEnded.has(c.resource);
      c.phase = after ? PHASE.afterDestroy : PHASE.conflict;
      c.why = after ? `needs ${c.resource} ended` : 'needs the state the main phase leaves';
    } else c.why = c.why ?? 'main';
  }

  // Ids: a case runs after whatever creates or lists what it uses.
  for (const c of cases) {
    for (const id of c.uses) {
      const p = producer.get(id);
      if (p && p !== c && !c.after.includes(p.id)) c.after.push(p.id);
    }
  }

  // One resource, one chain in the main phase: reads of the state it was created in first, then
  // additions, updates and actions, then reads of a state an action produced; a success that
  // repeats a conflict's request verbatim uses the resource up, so it goes last among its kind.
  const conflicts = cases.filter((c) => c.role === 'conflict');
  const oneShot = (c: ExampleCase) => conflicts.some((k) => k.operationId === c.operationId && sameRequest(k.request, c.request));
  const groups = new Map<string, Member[]>();
  const join = (resource: string, c: ExampleCase, state: string | undefined) =>
    groups.set(resource, [...(groups.get(resource) ?? []), { c, state }]);
  for (const c of cases) {
    if (c.phase !== PHASE.main || !(c.role in RANK)) continue;
    if (c.resource) join(c.resource, c, c.state);
    // A list shows other resources in a state (a campaign running): it reads each of them then.
    if (c.role !== 'read') continue;
    for (const item of listedObjects(c.expected.value, known)) {
      const id = String(item.id);
      if (id !== c.resource && producer.has(id) && typeof item.status === 'string') join(id, c, item.status);
    }
  }
  for (const [resource, group] of groups) {
    const createdState = producer.get(resource)?.state;
    const rank = ({ c, state }: Member): number => {
      if (c.role !== 'read') return RANK[c.role];
      const maker = group.find((m) => m.c.role !== 'read' && state !== undefined && state !== createdState && m.state === state);
      return maker ? RANK[maker.c.role] + 0.5 : 0;
    };
    const ordered = [...group]
      .sort((a, b) => rank(a) - rank(b) || Number(oneShot(a.c)) - Number(oneShot(b.c)) || a.c.id.localeCompare(b.c.id))
      .map((m) => m.c);
    for (let i = 1; i < ordered.length; i++) {
      if (!ordered[i].after.includes(ordered[i - 1].id)) ordered[i].after.push(ordered[i - 1].id);
      ordered[i].why = `after ${ordered[i - 1].id} on ${resource}`;
    }
  }

  // A conflict needs the successes on its resource done (also what --only pulls in with it).
  for (const c of conflicts) {
    if (c.resource === undefined) continue;
    for (const s of cases) {
      if (s !== c && s.resource === c.resource && /^2/.test(s.expected.status) && s.phase < c.phase && !c.after.includes(s.id))
        c.after.push(s.id);
    }
  }
  // And a conflict that repeats a success verbatim runs after it, whatever the resource.
  for (const c of conflicts) {
    for (const s of cases)
      if (s.operationId === c.operationId && /^2/.test(s.expected.status) && s.phase <= c.phase && !c.after.includes(s.id))
        c.after.push(s.id);
  }
}
