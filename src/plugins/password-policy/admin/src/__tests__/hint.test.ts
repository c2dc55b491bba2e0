import { passwordHint } from '../hint';

const POLICY = {
  rules: [
    { id: 'min-length', message: 'At least 12 characters' },
    { id: 'digit', message: 'At least one digit' },
  ],
};

describe('the admin password hint', () => {
  it('lists the enforced rules in their order', () => {
    expect(passwordHint(POLICY, 'en')).toBe('Password rules: At least 12 characters · At least one digit.');
  });

  it('is introduced in French for French admins', () => {
    const fr = { rules: [{ id: 'min-length', message: 'Au moins 12 caractères' }] };
    expect(passwordHint(fr, 'fr')).toBe('Règles du mot de passe : Au moins 12 caractères.');
  });
});
