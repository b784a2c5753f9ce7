/** i18next's plural suffixes (Intl.PluralRules categories): `items_one`, `items_other`, ... */
export const PLURAL_SUFFIXES = ['_zero', '_one', '_two', '_few', '_many', '_other'] as const;

type PluralOnly = `${string}${Exclude<(typeof PLURAL_SUFFIXES)[number], '_other'>}`;

/** A nested message tree: what i18next's resources are made of. */
export interface Messages {
  [key: string]: string | Messages;
}

/**
 * The shape another language's catalog must have, given the English one: the same keys, nothing
 * more. Plural forms other than `_other` are optional, because Chinese has no singular form
 * (Intl.PluralRules('zh') only knows "other"), so a zh catalog leaves `_one` out.
 */
export type Translation<T> = {
  [K in keyof T as K extends PluralOnly ? never : K]: T[K] extends string ? string : Translation<T[K]>;
} & {
  [K in keyof T as K extends PluralOnly ? K : never]?: string;
};
