/** Unit tests beside the code; child-process tests under test/ use the built dist. */
module.exports = {
  displayName: 'service',
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 20000,
};
