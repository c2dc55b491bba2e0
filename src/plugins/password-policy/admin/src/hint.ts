/** What GET /api/password-policy answers (the part the hint needs). */
export interface PolicyAnswer {
  rules: { id: string; message: string }[];
}

const INTRO = { en: 'Password rules:', fr: 'Règles du mot de passe :' } as const;

/**
 * The admin's password hint (shown on first-admin registration, invited registration and password
 * reset), written from the rules the server enforces, in their order: never the stock
 * "at least 8 characters" text, which contradicts the product's policy.
 */
export const passwordHint = (policy: PolicyAnswer, locale: string): string => {
  const intro = locale.startsWith('fr') ? INTRO.fr : INTRO.en;
  const rules = policy.rules.map((rule) => rule.message.replace(/\.$/, '').trim()).filter((message) => message !== '');
  return `${intro} ${rules.join(' · ')}.`;
};
