/** The admin panel: English and French, like the content. */
export default {
  config: {
    locales: ['fr'],
  },
  bootstrap() {},
};
