'use strict';

/*
 * Jest's node environment, telling the browser tests whether the running test failed (jest shows
 * no test's outcome to an afterEach hook): tests/helpers/e2e-artifacts.ts reads it to keep the
 * page's HTML and console log of a failure.
 */
const { TestEnvironment } = require('jest-environment-node');

class BrowserTestEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name === 'test_start') {
      this.global.__e2eTest = { name: [event.test.parent?.name, event.test.name].filter((part) => part && part !== 'ROOT_DESCRIBE_BLOCK').join(' '), failed: false };
    }
    if (event.name === 'test_fn_failure' && this.global.__e2eTest) this.global.__e2eTest.failed = true;
  }
}

module.exports = BrowserTestEnvironment;
