import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-sensitive-projection.js';
import { projectionInvalid, projectionValid } from '../cases/sensitive-projection.js';
import { ASSERTIONS } from '../support/assertions.js';

const ruleTester = new RuleTester();

ruleTester.run('no-sensitive-projection', rule, {
  assertionOptions: ASSERTIONS,
  valid: projectionValid,
  invalid: projectionInvalid,
});
