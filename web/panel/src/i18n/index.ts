import { createI18n } from '../../../shared/i18n/setup.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

/** The panel's i18next instance: created before the first render, so that render is already translated. */
export const panelI18n = createI18n({ en, 'zh-CN': zhCN, 'zh-TW': zhTW });
