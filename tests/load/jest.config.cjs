module.exports = {
  displayName: 'load',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // The k6 scripts import k6's modules; here a stand-in answers them (src/k6-stand-in).
  moduleNameMapper: {
    '^k6$': '<rootDir>/src/k6-stand-in/k6.ts',
    '^k6/http$': '<rootDir>/src/k6-stand-in/http.ts',
    '^k6/metrics$': '<rootDir>/src/k6-stand-in/metrics.ts',
  },
  testTimeout: 60000,
};
