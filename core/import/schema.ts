/**
 * The import document of SPEC §4 (normative): organisations, bodies, people, memberships and
 * meetings with guests and agenda. This file checks the shape only; references between records
 * (and to records already in the store) are checked by `validateReferences` in importer.ts.
 *
 * Optional fields are kept optional (not defaulted) on purpose: on re-import, a field the
 * document leaves out keeps the stored value, while an explicit null clears it. Defaults for
 * new records are applied when mapping to model records.
 */
import { z } from 'zod';
import { sv } from 'zod/locales';
import { DECISION_TYPES, ITEM_KINDS, ORGANISATION_KINDS, ROLES } from '../domain/model.js';

/** Keys are composed into other keys with `|` (membershipKey, itemKey), so they may not hold one. */
const key = z
  .string()
  .trim()
  .min(1, 'får inte vara tom')
  .refine((s) => !s.includes('|'), 'får inte innehålla tecknet |');
const text = z.string().trim().min(1, 'får inte vara tom');
const optionalText = z.string().trim().nullable().optional();
const ref = key.nullable().optional();
const isoWithOffset = z.iso.datetime({
  offset: true,
  error: 'ska vara datum och tid enligt ISO 8601 med tidszon, t.ex. 2024-06-11T08:00:00+02:00',
});

export const organisationSchema = z.strictObject({
  key,
  name: text,
  kind: z.enum(ORGANISATION_KINDS),
});

export const bodySchema = z.strictObject({
  key,
  name: text,
  /** Free text: politisk, tjänsteperson, beredning, au, … */
  kind: text,
  reportsTo: ref,
});

export const personSchema = z.strictObject({
  key,
  name: text,
  organisation: ref,
  email: z.email({ error: 'är ingen giltig e-postadress' }).trim().nullable().optional(),
  aadObjectId: optionalText,
  party: optionalText,
});

export const membershipSchema = z.strictObject({
  body: key,
  person: key,
  role: z.enum(ROLES),
  title: optionalText,
  substituteFor: ref,
});

export const guestSchema = z.strictObject({
  name: text,
  organisation: ref,
  title: optionalText,
});

export const attachmentSchema = z.strictObject({
  title: text,
  url: z.url({ error: 'är ingen giltig webbadress' }),
});

export const agendaItemSchema = z
  .strictObject({
    number: z.number().int().min(1, 'ska vara minst 1'),
    title: text,
    kind: z.enum(ITEM_KINDS),
    /** Only for beslut items; defaults to 'vote' there. */
    decision: z.enum(DECISION_TYPES).nullable().optional(),
    presenter: optionalText,
    proposal: optionalText,
    attachments: z.array(attachmentSchema).optional(),
    /** Protocol text; only fills an item whose text is still empty (the secretary owns it). */
    text: z.string().nullable().optional(),
    /** Extension to SPEC §4: the case (ärende) this item deals with. */
    case: ref,
  })
  .superRefine((item, ctx) => {
    if (item.kind === 'information' && item.decision != null) {
      ctx.addIssue({
        code: 'custom',
        path: ['decision'],
        message: 'anges bara för beslutsärenden (kind "beslut"), inte för informationsärenden',
      });
    }
  });

const meetingObject = z.strictObject({
    key,
    body: key,
    dnr: optionalText,
    start: isoWithOffset,
    end: isoWithOffset,
    /** Empty or left out: "Teams" for a new meeting, the stored place otherwise. */
    place: text.nullable().optional(),
    teamsMeetingId: optionalText,
    justerare: ref,
    guests: z.array(guestSchema).optional(),
    agenda: z.array(agendaItemSchema).optional(),
  });

export const meetingSchema = meetingObject
  // Runs even when another field of the meeting is broken, so that all errors come at once.
  .refine((meeting) => Date.parse(meeting.end) > Date.parse(meeting.start), {
    path: ['end'],
    message: 'måste vara efter start',
    when: (payload) => {
      const value = payload.value as { start?: unknown; end?: unknown } | null;
      return isoWithOffset.safeParse(value?.start).success && isoWithOffset.safeParse(value?.end).success;
    },
  });

export const IMPORT_SECTIONS = ['organisations', 'bodies', 'people', 'memberships', 'meetings'] as const;
export type ImportSection = (typeof IMPORT_SECTIONS)[number];

/** Fields starting with `$` (e.g. "$schema") are allowed at top level; any other unknown one is a typo. */
const isMetaField = (name: string) => name.startsWith('$');

export const importDocumentSchema = z
  .looseObject({
    organisations: z.array(organisationSchema).optional(),
    bodies: z.array(bodySchema).optional(),
    people: z.array(personSchema).optional(),
    memberships: z.array(membershipSchema).optional(),
    meetings: z.array(meetingSchema).optional(),
  })
  .superRefine((doc, ctx) => {
    for (const name of Object.keys(doc)) {
      if (!(IMPORT_SECTIONS as readonly string[]).includes(name) && !isMetaField(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'okänt fält' });
      }
    }
  });

export type ImportDocument = z.infer<typeof importDocumentSchema>;
export type ImportOrganisation = z.infer<typeof organisationSchema>;
export type ImportBody = z.infer<typeof bodySchema>;
export type ImportPerson = z.infer<typeof personSchema>;
export type ImportMembership = z.infer<typeof membershipSchema>;
export type ImportMeeting = z.infer<typeof meetingSchema>;
export type ImportGuest = z.infer<typeof guestSchema>;
export type ImportAgendaItem = z.infer<typeof agendaItemSchema>;

export interface ImportError {
  /** JSON path in the document, e.g. `meetings[0].agenda[2].number`; '' for the whole document. */
  path: string;
  /** Swedish, shown to the secretary. */
  message: string;
}

/** `['meetings', 0, 'agenda', 2, 'number']` → `meetings[0].agenda[2].number`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Orders errors as they appear in the document: section order, then record, then field. */
export function compareErrorPaths(a: ImportError, b: ImportError): number {
  const tokens = (p: string) => p.split(/[.[\]]+/).filter((t) => t !== '');
  const rank = (t: string | undefined) => {
    const i = (IMPORT_SECTIONS as readonly string[]).indexOf(t ?? '');
    return i < 0 ? -1 : i;
  };
  const ta = tokens(a.path);
  const tb = tokens(b.path);
  const bySection = rank(ta[0]) - rank(tb[0]);
  if (bySection !== 0) return bySection;
  for (let i = 1; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    // Numbers (record indexes) in order; field names keep the order they were found in.
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return 0;
  }
  return 0;
}

export function formatError(error: ImportError): string {
  return error.path ? `${error.path}: ${error.message}` : error.message;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'ett tal',
  int: 'ett heltal',
  boolean: 'sant/falskt',
  array: 'en lista',
  object: 'ett objekt',
  null: 'tomt',
};

function describeInput(input: unknown): string {
  if (input === null) return 'tomt';
  if (Array.isArray(input)) return 'en lista';
  if (typeof input === 'string') return `texten ${JSON.stringify(input)}`;
  if (typeof input === 'number') return `talet ${input}`;
  return TYPE_NAMES[typeof input] ?? typeof input;
}

const fallback = sv().localeError;

/** Swedish messages that name the offending value; the secretary reads them. */
const swedishErrors: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'saknas (obligatoriskt fält)';
      if (issue.input === null) return 'får inte vara tomt';
      return `ska vara ${TYPE_NAMES[issue.expected] ?? issue.expected}, inte ${describeInput(issue.input)}`;
    case 'invalid_value':
      return `${JSON.stringify(issue.input)} är inte tillåtet; välj ett av ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'number') return `ska vara minst ${String(issue.minimum)}`;
      return undefined;
    default:
      return undefined;
  }
};

const SECTION_SCHEMAS = {
  organisations: organisationSchema,
  bodies: bodySchema,
  people: personSchema,
  memberships: membershipSchema,
  meetings: meetingSchema,
} as const;

/**
 * The document after the shape check, record by record. `values[i]` is null where record i has
 * a shape error, so that the reference check can still run on every valid record (all errors
 * are reported at once) while `raw` lets it know the keys a broken record declares.
 */
export interface ParsedDocument {
  organisations: Array<ImportOrganisation | null>;
  bodies: Array<ImportBody | null>;
  people: Array<ImportPerson | null>;
  memberships: Array<ImportMembership | null>;
  meetings: Array<ImportMeeting | null>;
  /** Which sections the document carries at all. */
  present: Set<ImportSection>;
  raw: Record<ImportSection, unknown[]>;
  errors: ImportError[];
}

function issuesToErrors(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]): ImportError[] {
  const errors: ImportError[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      // One line per unknown field, pointing at the field itself: usually a typo.
      for (const k of issue.keys) errors.push({ path: formatPath([...path, k]), message: 'okänt fält' });
    } else {
      errors.push({ path: formatPath(path), message: issue.message });
    }
  }
  return errors;
}

const errorMap: z.core.$ZodErrorMap = (issue) => swedishErrors(issue) ?? fallback(issue);

/** The sections' objects without their whole-record refinements, for `salvage`. */
const SECTION_OBJECTS = { ...SECTION_SCHEMAS, meetings: meetingObject } as const;

/**
 * A record with shape errors is still checked for its references, without the broken parts:
 * unknown fields and broken optional fields are dropped, and so are broken agenda items and
 * guests. Null when a required field is broken. Never written: the document has errors.
 */
function salvage(section: ImportSection, element: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return null;
  const object = SECTION_OBJECTS[section];
  const shape = object.shape as Record<string, z.ZodType>;
  const raw: Record<string, unknown> = { ...element };
  const brokenEntries = new Map<string, Set<number>>();
  for (const issue of issues) {
    const [field, index] = issue.path;
    if (issue.path.length === 0 && issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) delete raw[k];
    } else if (typeof field !== 'string') {
      return null;
    } else if (typeof index === 'number' && Array.isArray(raw[field])) {
      const set = brokenEntries.get(field) ?? new Set<number>();
      set.add(index);
      brokenEntries.set(field, set);
    } else if (issue.code === 'custom') {
      // A whole-record rule (end after start): the object below does not check it.
    } else if (shape[field]?.safeParse(undefined).success) {
      delete raw[field];
    } else {
      return null;
    }
  }
  for (const [field, broken] of brokenEntries) {
    raw[field] = (raw[field] as unknown[]).filter((_, i) => !broken.has(i));
  }
  const result = object.safeParse(raw);
  return result.success ? result.data : null;
}

/** Shape check of every record; never throws. */
export function parseImportDocument(input: unknown): ParsedDocument {
  const parsed: ParsedDocument = {
    organisations: [],
    bodies: [],
    people: [],
    memberships: [],
    meetings: [],
    present: new Set(),
    raw: { organisations: [], bodies: [], people: [], memberships: [], meetings: [] },
    errors: [],
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    parsed.errors.push({
      path: '',
      message: 'dokumentet ska vara ett JSON-objekt med någon av listorna organisations, bodies, people, memberships, meetings',
    });
    return parsed;
  }
  const doc = input as Record<string, unknown>;
  for (const name of Object.keys(doc)) {
    if (!(IMPORT_SECTIONS as readonly string[]).includes(name) && !isMetaField(name)) {
      parsed.errors.push({ path: formatPath([name]), message: 'okänt fält' });
    }
  }
  for (const section of IMPORT_SECTIONS) {
    const list = doc[section];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      parsed.errors.push({ path: section, message: `ska vara en lista, inte ${describeInput(list)}` });
      continue;
    }
    parsed.present.add(section);
    parsed.raw[section] = list;
    const schema = SECTION_SCHEMAS[section];
    const values: unknown[] = parsed[section];
    list.forEach((element, index) => {
      const result = schema.safeParse(element, { error: errorMap });
      if (result.success) {
        values.push(result.data);
        return;
      }
      parsed.errors.push(...issuesToErrors(result.error.issues, [section, index]));
      values.push(salvage(section, element, result.error.issues));
    });
  }
  return parsed;
}
