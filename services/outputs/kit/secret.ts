// A secret read from the environment variable a `*_env` parameter names. It prints as its variable's name
// only, so a config object that reaches a log line, an error or JSON never carries the value.
import { inspect } from 'node:util';

export class Secret<T = string> {
  readonly #value: T;

  constructor(
    /** The environment variable it came from, e.g. HEC_TOKEN. */
    readonly envName: string,
    value: T,
  ) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return `[secret from $${this.envName}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
