import { en } from './en';
import { sv } from './sv';

export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type MessageKey = keyof typeof sv;

const catalogues: Record<Language, { readonly [K in MessageKey]: string }> = { sv, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(sv, key);
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * A translator for one language. `{name}` placeholders are filled from params (the page escapes the result, so
 * a resident's name in a parameter stays text). An unknown key is returned as itself, visible in tests.
 */
export function translator(language: Language): Translate {
  const catalogue = catalogues[language];
  return (key, params) => {
    const template = isMessageKey(key) ? catalogue[key] : key;
    return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
  };
}
