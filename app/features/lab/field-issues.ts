/**
 * Puts each of the engine's issues where the person made the mistake. The engine names a path
 * in the candidate lab (`guests[2].memoryMiB`); a form edits one server or one guest, so an
 * issue on that entity goes to its field, and an issue the edit causes elsewhere (a guest that
 * no longer fits after the server shrank) goes to the field whose change caused it.
 */
import { hardwareRefusal, type Lab, type LabIssue } from '../../../workers/lab-model';

export interface FieldIssues {
  /** Messages by form field (`name`, `memoryMiB`, …). */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /** Issues that belong to no field of the form. */
  readonly other: readonly string[];
}

export const NO_ISSUES: FieldIssues = { fields: {}, other: [] };

const PATH = /^(servers|guests)\[(\d+)\](?:\.(\w+))?$/;

interface Where {
  readonly list: 'servers' | 'guests';
  readonly index: number;
  readonly field: string | undefined;
}

function locate(path: string): Where | undefined {
  const match = PATH.exec(path);
  if (!match) return undefined;
  return { list: match[1] as Where['list'], index: Number(match[2]), field: match[3] };
}

/** `guest "web"` for `guests[1]`, as a person would say it. */
function entityName(where: Where, lab: Lab): string {
  const entity = where.list === 'servers' ? lab.servers[where.index] : lab.guests[where.index];
  const noun = where.list === 'servers' ? 'server' : 'guest';
  return entity ? `${noun} “${entity.name}”` : `the new ${noun}`;
}

function group(
  issues: readonly LabIssue[],
  place: (issue: LabIssue, where: Where | undefined) => string | undefined,
  lab: Lab,
): FieldIssues {
  const fields: Record<string, string[]> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const where = locate(issue.path);
    const field = place(issue, where);
    if (field) (fields[field] ??= []).push(issue.message);
    else if (where)
      other.push(
        `${entityName(where, lab)}${where.field ? `, ${where.field}` : ''}: ${issue.message}`,
      );
    else other.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  return { fields, other };
}

/** A clash with another entity's name is a mistake in this form's name field. */
function nameClash(issue: LabIssue, where: Where | undefined, name: string): boolean {
  return where?.field === 'name' && issue.message.startsWith(`"${name}"`);
}

/**
 * For the server form. `index` is the server's place in the lab (null: a new one, appended);
 * `lab` is the lab before the edit (guests keep their places in an edit of a server).
 */
export function serverFormIssues(
  issues: readonly LabIssue[],
  index: number | null,
  draft: { readonly name: string },
  lab: Lab,
): FieldIssues {
  const self = index ?? lab.servers.length;
  return group(
    issues,
    (issue, where) => {
      if (!where) return undefined;
      if (where.list === 'servers' && where.index === self) return where.field;
      if (nameClash(issue, where, draft.name)) return 'name';
      if (where.list !== 'guests') return undefined;
      const guest = lab.guests[where.index];
      // The server's own settings decide whether its guests still fit.
      if (where.field === 'vcpus') return 'harts';
      if (where.field === 'memoryMiB' || where.field === 'cap') return 'memoryMiB';
      if (where.field === 'kind') {
        const refusal = guest && hardwareRefusal(guest, { name: draft.name });
        return issue.message === refusal ? 'hardwareVirtualization' : 'platform';
      }
      return undefined;
    },
    lab,
  );
}

/** For the guest form; `index` null means a new guest, appended to the lab's guests. */
export function guestFormIssues(
  issues: readonly LabIssue[],
  index: number | null,
  draft: { readonly name: string },
  lab: Lab,
): FieldIssues {
  const self = index ?? lab.guests.length;
  return group(
    issues,
    (issue, where) => {
      if (!where) return undefined;
      if (where.list === 'guests' && where.index === self) return where.field;
      if (nameClash(issue, where, draft.name)) return 'name';
      // Growing this guest can push a later guest on the same server out of memory.
      if (where.list === 'guests' && where.field === 'memoryMiB') return 'memoryMiB';
      return undefined;
    },
    lab,
  );
}
