/** A configuration mistake: thrown at rule creation, with a message that names the setting. */
export class ConfigError extends Error {
  override readonly name = 'DataExposureConfigError';

  constructor(message: string) {
    super(`[eslint-plugin-data-exposure] ${message}`);
  }
}
