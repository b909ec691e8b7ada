// The tests `npm run mutate` (StrykerJS, stryker.config.json) runs against each mutant of
// functions/domain: the domain's own unit tests, which need no dynalite, no local runtime and no
// browser, so each mutant is judged in seconds. Everything else is the full config's.
const base = require('./jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/domain/**/*.test.ts'],
};
