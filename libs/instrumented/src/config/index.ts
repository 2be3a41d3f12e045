export { ConfigError, parseConfig } from './parse-config';
export {
  booleanField,
  faultAdminTokenField,
  hostField,
  httpUrlField,
  logLevelField,
  millisecondsField,
  portField,
  postgresUrlField,
  serviceTokenField,
} from './fields';
export { LOCAL_ENVIRONMENTS, localOnlyDefault } from './local-defaults';
