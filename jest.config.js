/** One jest run for unit specs (beside the code) and end-to-end suites (test/). */
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];
const moduleNameMapper = {
  '^@app/(config|database|queue|ingest|rules|review|digest|auth|logging|metrics)$': '<rootDir>/libs/$1/src',
};
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // @nestjs/bull-shared 12 (needed by @bull-board/nestjs) ships ES modules only: Node loads them
  // with require(esm), jest does not, so that one package is compiled to CommonJS like our sources.
  transform: { '^.+\\.ts$': swc, '/node_modules/@nestjs/bull-shared/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/bull-shared/)'],
  moduleNameMapper,
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
