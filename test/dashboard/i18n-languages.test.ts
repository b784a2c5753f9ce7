import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../web/shared/i18n/format.js';
import { matchLanguage, pickLanguage } from '../../web/shared/i18n/languages.js';

/* The shared i18n module's pure parts: which language a browser's preferences pick, and Intl formatting. */

describe('language from the browser', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-HK', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-MO', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-CN', 'zh-TW'],
    ['zh_TW', 'zh-TW'],
    ['en-US', 'en'],
    ['EN', 'en'],
  ])('%s → %s', (tag, want) => {
    expect(matchLanguage(tag)).toBe(want);
  });

  it('takes the first preference it ships, and English when there is none', () => {
    expect(pickLanguage(['fr-FR', 'zh-TW', 'en'])).toBe('zh-TW');
    expect(pickLanguage(['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLanguage(['de', 'ja'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});

describe('formatters', () => {
  it('says MiB for sizes in every language, with that language’s digit grouping', () => {
    expect(createFormatters('en').mib(2048)).toBe('2,048 MiB');
    expect(createFormatters('zh-CN').mib(2048)).toBe('2,048 MiB');
    expect(createFormatters('zh-TW').mib(1024)).toBe('1,024 MiB');
    expect(createFormatters('en').mib(null)).toBe('—');
  });

  it('formats numbers, percentages and relative times through Intl', () => {
    expect(createFormatters('en').number(19.75, 1)).toBe('19.8');
    expect(createFormatters('en').percent(50)).toBe('50%');
    const now = Date.parse('2024-01-01T12:00:00Z');
    expect(createFormatters('en').ago('2024-01-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(createFormatters('zh-CN').ago('2024-01-01T11:55:00Z', now)).toBe('5分钟前');
    expect(createFormatters('zh-TW').ago('2024-01-01T11:55:00Z', now)).toBe('5 分鐘前');
    expect(createFormatters('en').ago(null, now)).toBeNull();
  });
});
