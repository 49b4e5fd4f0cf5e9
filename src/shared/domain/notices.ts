// The notice rules and their templates, as the core, the contract and the renderer all name them.
// A template may use only these placeholders: none of them can carry a personnummer, a door code
// or key information, and `name` renders empty for a recipient with protected identity.

export const noticeRuleIds = [
  'dayBefore',
  'lateChange',
  'orderChanged',
  'missedVisit',
  'failing',
  'test',
] as const;
export type NoticeRuleId = (typeof noticeRuleIds)[number];

export const templatePlaceholders = [
  'name',
  'date',
  'time',
  'weekday',
  'provider',
  'system',
  'since',
] as const;
export type TemplatePlaceholder = (typeof templatePlaceholders)[number];
export type TemplateValues = Partial<Record<TemplatePlaceholder, string>>;

const placeholder = /\{(\w+)\}/g;

/** Placeholders a template names that CareDock does not fill (shown beside the template). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(templatePlaceholders);
  return [...new Set([...template.matchAll(placeholder)].map((m) => m[1]!).filter((p) => !known.has(p)))];
}

/**
 * Fills a template. A value that is absent (a protected recipient's name) leaves no trace: the
 * placeholder, and the space or comma it leaves behind, go.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template
    .replace(placeholder, (whole, name: string) =>
      (templatePlaceholders as readonly string[]).includes(name)
        ? (values[name as TemplatePlaceholder] ?? '')
        : whole,
    )
    .replace(/[ \t]+([,.!?])/g, '$1')
    .replace(/([^\S\n]){2,}/g, ' ')
    .replace(/^[ \t,]+|[ \t]+$/gm, '')
    .replace(/^,\s*/g, '')
    .trim();
}
