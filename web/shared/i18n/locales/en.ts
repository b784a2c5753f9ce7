/** Strings both apps show: the language switch. */
export const en = {
  language: 'Language',
};
