import type { TOptions } from 'i18next';
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { createFormatters, type Formatters } from './format.js';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage, type Language } from './languages.js';
import type { AppI18n } from './setup.js';

/** Looks up a message; `options` carries interpolation values and `count` for plurals. */
export type Translate = (key: string, options?: TOptions) => string;

export interface I18nValue {
  lang: Language;
  t: Translate;
  fmt: Formatters;
  setLanguage(lang: Language): void;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Re-renders the tree below whenever the language changes, with a `t` and formatters bound to it. */
export function I18nProvider({ app, children }: { app: AppI18n; children: ComponentChildren }) {
  const current = (): Language => (isLanguage(app.i18n.language) ? app.i18n.language : 'en');
  const [lang, setLang] = useState<Language>(current);
  useEffect(() => {
    const update = () => setLang(current());
    app.i18n.on('languageChanged', update);
    return () => app.i18n.off('languageChanged', update);
  }, [app]);
  const value = useMemo<I18nValue>(() => {
    const fixed = app.i18n.getFixedT(lang);
    return {
      lang,
      t: (key, options) => String(options === undefined ? fixed(key) : fixed(key, options)),
      fmt: createFormatters(lang),
      setLanguage: (next) => void app.setLanguage(next),
    };
  }, [app, lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n outside <I18nProvider>');
  return value;
}

/** The visible switch every page carries; each option names its language in that language. */
export function LanguageSwitch({ id = 'language' }: { id?: string }) {
  const { lang, t, setLanguage } = useI18n();
  return (
    <span class="language-switch">
      <label for={id}>{t('shared.language')}</label>{' '}
      <select
        id={id}
        value={lang}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (isLanguage(next)) setLanguage(next);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
