import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const selectors = z
  .object({
    item: z.string().min(1).optional(),
    link: z.string().min(1).optional(),
    title: z.string().min(1).optional(),
    date: z.string().min(1).optional(),
    summary: z.string().min(1).optional(),
    body: z.string().min(1).optional(),
  })
  .strict();

export const sourceDefinitionSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a lower-case slug'),
    name: z.string().min(1).max(200),
    url: z.url({ protocol: /^https?$/ }),
    kind: z.enum(['rss', 'atom', 'rdf', 'json', 'html']),
    pollIntervalMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
    language: z.string().min(2).max(12).optional(),
    enabled: z.boolean().default(true),
    selectors: selectors.optional(),
  })
  .strict()
  .refine((s) => s.kind !== 'html' || (s.selectors?.item && s.selectors.link), {
    message: 'an html source needs selectors.item and selectors.link',
  });

export type SourceDefinition = z.infer<typeof sourceDefinitionSchema>;

/** Reads a sources YAML file (a list under `sources:`); `{{sampleBaseUrl}}`-style variables are filled from `vars`. */
export function loadSourceFile(path: string, vars: Record<string, string> = {}): SourceDefinition[] {
  const raw = readFileSync(path, 'utf8').replace(/\{\{(\w+)\}\}/g, (m, name: string) => vars[name] ?? m);
  const doc = parse(raw) as { sources?: unknown };
  const parsed = z.array(sourceDefinitionSchema).safeParse(doc?.sources ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: sources.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
