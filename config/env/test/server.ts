export default () => ({
  // Tests listen on a random port and log only what fails.
  logger: { updates: { enabled: false }, startup: { enabled: false } },
});
