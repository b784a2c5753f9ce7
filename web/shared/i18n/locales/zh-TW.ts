import type { Translation } from '../catalog.js';
import type { en } from './en.js';

export const zhTW: Translation<typeof en> = {
  language: '語言',
};
