import { TidingsError } from '../errors.ts';

/**
 * The configuration cannot be used: a bad value, an unknown key, a YAML syntax error.
 * The message names where the value came from (the file, the environment variable or the
 * flag), the key and what is allowed; `code` is one of:
 * config.yaml (syntax), config.unknown_key, config.invalid_value, config.conflict.
 */
export class ConfigError extends TidingsError {
  override name = 'ConfigError';
}
