import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const selector = z.string().trim().min(1).max(500);
const selectors = z
  .object({ item: selector, link: selector, title: selector, date: selector, summary: selector, body: selector })
  .partial()
  .strict();

const fields = {
  name: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }),
  kind: z.enum(['rss', 'atom', 'rdf', 'json', 'html']),
  pollIntervalMinutes: z.number().int().min(1).max(7 * 24 * 60),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'a language code such as en, ko, zh or ru')
    .nullable(),
  enabled: z.boolean(),
  selectors: selectors.nullable(),
};

const htmlNeedsSelectors = (s: { kind?: string; selectors?: { item?: string; link?: string } | null }) =>
  s.kind !== 'html' || !!(s.selectors?.item && s.selectors.link);
const htmlMessage = { message: 'an html source needs selectors.item and selectors.link (CSS selectors of each entry and its link)', path: ['selectors'] };

/** A source as an admin adds it (API, CLI) or a config file declares it. */
export const sourceInputSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a lower-case slug').optional(),
    name: fields.name,
    url: fields.url,
    kind: fields.kind,
    pollIntervalMinutes: fields.pollIntervalMinutes.default(60),
    language: fields.language.optional(),
    enabled: fields.enabled.default(true),
    selectors: fields.selectors.optional(),
  })
  .strict()
  .refine(htmlNeedsSelectors, htmlMessage);

/** A change to a source: any subset of the fields. */
export const sourcePatchSchema = z.object(fields).partial().strict();

export const sourceDefinitionSchema = sourceInputSchema.refine((s) => !!s.key, { message: 'a key is required in config files', path: ['key'] });

export type SourceInput = z.infer<typeof sourceInputSchema>;
export type SourcePatch = z.infer<typeof sourcePatchSchema>;
export type SourceDefinition = SourceInput & { key: string };

/** Reads a sources YAML file (a list under `sources:`); `{{sampleBaseUrl}}`-style variables are filled from `vars`. */
export function loadSourceFile(path: string, vars: Record<string, string> = {}): SourceDefinition[] {
  const raw = readFileSync(path, 'utf8').replace(/\{\{(\w+)\}\}/g, (m, name: string) => vars[name] ?? m);
  const doc = parse(raw) as { sources?: unknown };
  const parsed = z.array(sourceDefinitionSchema).safeParse(doc?.sources ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: sources.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data as SourceDefinition[];
}
