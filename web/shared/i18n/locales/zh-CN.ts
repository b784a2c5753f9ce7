import type { Translation } from '../catalog';
import type { en } from './en';

export const zhCN: Translation<typeof en> = {
  language: '语言',
};
