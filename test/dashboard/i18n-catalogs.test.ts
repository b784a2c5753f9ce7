import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLURAL_SUFFIXES, type Messages } from '../../web/shared/i18n/catalog.js';
import { LANGUAGES, type Language } from '../../web/shared/i18n/languages.js';
import { en as sharedEn } from '../../web/shared/i18n/locales/en.js';
import { zhCN as sharedZhCN } from '../../web/shared/i18n/locales/zh-CN.js';
import { zhTW as sharedZhTW } from '../../web/shared/i18n/locales/zh-TW.js';
import { en as dashboardEn } from '../../web/dashboard/src/i18n/en.js';
import { zhCN as dashboardZhCN } from '../../web/dashboard/src/i18n/zh-CN.js';
import { zhTW as dashboardZhTW } from '../../web/dashboard/src/i18n/zh-TW.js';
import { en as panelEn } from '../../web/panel/src/i18n/en.js';
import { zhCN as panelZhCN } from '../../web/panel/src/i18n/zh-CN.js';
import { zhTW as panelZhTW } from '../../web/panel/src/i18n/zh-TW.js';

/*
 * Both apps' catalogs (and the shared one) in every language: the same keys, the plural forms each
 * language's Intl.PluralRules needs, the same interpolation values, and every key the code looks up.
 */

const APPS: Record<'dashboard' | 'panel', { dir: string; catalogs: Record<Language, Messages> }> = {
  dashboard: { dir: 'web/dashboard/src', catalogs: { en: dashboardEn, 'zh-CN': dashboardZhCN, 'zh-TW': dashboardZhTW } },
  panel: { dir: 'web/panel/src', catalogs: { en: panelEn, 'zh-CN': panelZhCN, 'zh-TW': panelZhTW } },
};
const SHARED: Record<Language, Messages> = { en: sharedEn, 'zh-CN': sharedZhCN, 'zh-TW': sharedZhTW };

function flatten(tree: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function pluralBase(key: string): { base: string; form: string | null } {
  const suffix = PLURAL_SUFFIXES.find((s) => key.endsWith(s));
  return suffix ? { base: key.slice(0, -suffix.length), form: suffix.slice(1) } : { base: key, form: null };
}

/** A catalog as its message keys (plural forms folded into their base) and each key's forms. */
function shape(tree: Messages) {
  const messages = new Map<string, { forms: Set<string>; texts: string[] }>();
  for (const [key, text] of flatten(tree)) {
    const { base, form } = pluralBase(key);
    const entry = messages.get(base) ?? { forms: new Set<string>(), texts: [] };
    if (form !== null) entry.forms.add(form);
    entry.texts.push(text);
    messages.set(base, entry);
  }
  return messages;
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const catalogsUnderTest: Array<[string, Record<Language, Messages>]> = [
  ['shared', SHARED],
  ...Object.entries(APPS).map(([name, app]): [string, Record<Language, Messages>] => [name, app.catalogs]),
];

describe.each(catalogsUnderTest)('%s catalogs', (_name, catalogs) => {
  const english = shape(catalogs.en);

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English key and no other', (lang) => {
    const other = shape(catalogs[lang]);
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each([...LANGUAGES])('%s has the plural forms its language needs, and only plural keys have forms', (lang) => {
    const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const [key, entry] of shape(catalogs[lang])) {
      const englishForms = english.get(key)?.forms.size ?? 0;
      if (englishForms === 0) {
        expect(entry.forms.size, key).toBe(0);
        continue;
      }
      for (const form of needed) expect(entry.forms.has(form), `${lang} ${key}_${form}`).toBe(true);
    }
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s interpolates the same values as English', (lang) => {
    const other = shape(catalogs[lang]);
    for (const [key, entry] of english) {
      const want = [...new Set(entry.texts.flatMap(variables))].sort();
      const got = [...new Set((other.get(key)?.texts ?? []).flatMap(variables))].sort();
      // English may say "{{count}}" in a singular form where Chinese has no singular; the set must still match.
      expect(got, `${lang} ${key}`).toEqual(want);
    }
  });

  it('has no empty message', () => {
    for (const lang of LANGUAGES) for (const [key, text] of flatten(catalogs[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
  });
});

describe.each(Object.entries(APPS))('%s source', (_name, app) => {
  it('looks up only keys the catalogs have', () => {
    const known = new Set([...shape(app.catalogs.en).keys(), ...[...shape(SHARED.en).keys()].map((k) => `shared.${k}`)]);
    // Dynamic keys (`keys.type.${type}`) are checked by their fixed prefix having children.
    const prefixes = new Set([...known].flatMap((k) => k.split('.').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('.')}.`)));
    const looked: string[] = [];
    for (const file of sourceFiles(app.dir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*(['`])([^'`]+)\1/g)) looked.push(m[2] ?? '');
      for (const m of text.matchAll(/(?:title|label): '([a-z]+(?:\.[a-zA-Z]+)+)'/g)) looked.push(m[1] ?? '');
      for (const m of text.matchAll(/\['\w+', '([a-z]+\.[a-zA-Z.]+)'\]/g)) looked.push(m[1] ?? '');
    }
    expect(looked.length).toBeGreaterThan(20);
    const missing = looked.filter((key) => {
      if (key.includes('${')) return !prefixes.has(key.slice(0, key.indexOf('${')));
      return !known.has(key);
    });
    expect(missing).toEqual([]);
  });
});
