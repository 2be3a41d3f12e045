export { ConfigError, parseConfig } from './parse-config';
export {
  faultAdminTokenField,
  httpUrlField,
  logLevelField,
  millisecondsField,
  portField,
  postgresUrlField,
} from './fields';
