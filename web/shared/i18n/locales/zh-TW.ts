import type { Translation } from '../catalog';
import type { en } from './en';

export const zhTW: Translation<typeof en> = {
  language: '語言',
};
