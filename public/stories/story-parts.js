// Small readers of the content API's answers shared by the stories list and a story's page.

/** The image to show (medium or small format when there is one), or undefined. */
export const imageOf = (media) => {
  if (!media?.url) return undefined;
  const format = media.formats?.medium || media.formats?.small;
  return { url: format?.url || media.url, alternativeText: media.alternativeText };
};

/** "Venue, City, CC" from a `shared.location` component. */
export const placeOf = (location) =>
  location ? [location.venue, location.city, location.countryCode].filter(Boolean).join(', ') : '';
