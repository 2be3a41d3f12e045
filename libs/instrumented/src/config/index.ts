export { ConfigError, parseConfig } from './parse-config';
export {
  httpUrlField,
  logLevelField,
  millisecondsField,
  portField,
  postgresUrlField,
} from './fields';
