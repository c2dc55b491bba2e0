/** Profile and session fields the product adds to the users-permissions user. */
export const USER_ATTRIBUTES = {
  firstName: { type: 'string', maxLength: 100 },
  lastName: { type: 'string', maxLength: 100 },
  organisation: { type: 'string', maxLength: 200 },
  country: { type: 'string', maxLength: 2 },
  locale: { type: 'enumeration', enum: ['en', 'fr'], default: 'en' },
  /** Asked for the newsletter at signup; the newsletter plugin subscribes once the account is verified. */
  newsletterWish: { type: 'boolean', default: false, private: true },
  /** Set by staff: the account keeps working but gets no more download links (video-masters). */
  downloadsBlocked: { type: 'boolean', default: false, private: true },
  /** When the password last changed (ms): tokens issued before it stop working (signup-verification). */
  passwordChangedAt: { type: 'biginteger', private: true, configurable: false },
} as const;
