import { dictionary } from '@zxcvbn-ts/language-common';

let list: Set<string> | undefined;

/**
 * The 49,233 most common passwords of @zxcvbn-ts/language-common (MIT), lower-cased.
 * Built on first use: a Set makes every later look-up constant-time.
 */
export const commonPasswords = (): Set<string> => {
  list ??= new Set((dictionary['passwords-common'] as string[]).map((entry) => entry.toLowerCase()));
  return list;
};
