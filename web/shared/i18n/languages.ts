/** The languages both apps ship, in the order the switch lists them. */
export const LANGUAGES = ['en', 'zh-CN', 'zh-TW'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language named in itself, so a reader finds their own whatever is showing now. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Maps one BCP 47 tag to a shipped language, or null. Chinese goes by script first (zh-Hant-HK is
 * Traditional whatever the region), then by region, because browsers send either form.
 */
export function matchLanguage(tag: string): Language | null {
  const parts = tag.toLowerCase().replace(/_/g, '-').split('-');
  const [primary, ...rest] = parts;
  if (primary === 'en') return 'en';
  if (primary !== 'zh') return null;
  if (rest.includes('hant')) return 'zh-TW';
  if (rest.includes('hans')) return 'zh-CN';
  if (rest.some((p) => p === 'tw' || p === 'hk' || p === 'mo')) return 'zh-TW';
  return 'zh-CN';
}

/** The first of the browser's preferred languages that we ship; English when none is. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const match = matchLanguage(tag);
    if (match !== null) return match;
  }
  return 'en';
}
