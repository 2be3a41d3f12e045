// `npm run measure`: the iteration-time measurement (src/measure/*.measure.ts), kept out of `npm test`.
const base = require('./jest.config.cjs');

module.exports = {
  ...base,
  displayName: 'load-measure',
  testMatch: ['<rootDir>/src/measure/**/*.measure.ts'],
  testTimeout: 600000,
};
