'use strict';

// The app's TypeScript build compiles this plugin into dist/; Strapi loads it from there.
module.exports = require('../../../dist/src/plugins/mail-outbox/server/src').default;
