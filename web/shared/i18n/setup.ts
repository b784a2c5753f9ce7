import { createInstance, type i18n as I18n } from 'i18next';
import type { Messages } from './catalog.js';
import { isLanguage, pickLanguage, type Language } from './languages.js';
import { en as sharedEn } from './locales/en.js';
import { zhCN as sharedZhCN } from './locales/zh-CN.js';
import { zhTW as sharedZhTW } from './locales/zh-TW.js';

/**
 * One key for both apps: they share an origin, so a reader who picked 繁體中文 in the panel finds
 * the dashboard in it too.
 */
export const STORAGE_KEY = 'interconnect.language';

function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    // Storage blocked by policy: the browser's languages decide on every visit.
    return null;
  }
}

function remember(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // As above: the choice lasts for this page only.
  }
}

/** The remembered choice, else the browser's preferred languages. */
export function initialLanguage(): Language {
  return storedLanguage() ?? pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

export interface AppI18n {
  i18n: I18n;
  setLanguage(lang: Language): Promise<void>;
}

/**
 * An i18next instance over one app's catalogs (plus the shared strings under `shared.`), started
 * synchronously so the first render is already in the right language.
 */
export function createI18n(catalogs: Record<Language, Messages>): AppI18n {
  const shared: Record<Language, Messages> = { en: sharedEn, 'zh-CN': sharedZhCN, 'zh-TW': sharedZhTW };
  const i18n = createInstance();
  const lng = initialLanguage();
  void i18n.init({
    lng,
    fallbackLng: 'en',
    supportedLngs: [...Object.keys(catalogs)],
    // zh-CN must not fall back through "zh" (which we do not ship) before English.
    load: 'currentOnly',
    initAsync: false,
    resources: Object.fromEntries(
      (Object.keys(catalogs) as Language[]).map((lang) => [lang, { translation: { ...catalogs[lang], shared: shared[lang] } }]),
    ),
    // Preact escapes text nodes itself; escaping here too would show "&amp;".
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  i18n.on('languageChanged', (lang) => {
    document.documentElement.lang = lang;
  });
  return {
    i18n,
    async setLanguage(lang) {
      remember(lang);
      await i18n.changeLanguage(lang);
    },
  };
}
