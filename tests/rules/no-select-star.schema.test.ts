import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-select-star.js';
import { selectStarSchemaInvalid, selectStarSchemaValid } from '../cases/select-star-schema.js';
import { appSettings } from '../support/settings.js';
import { ASSERTIONS } from '../support/assertions.js';

const ruleTester = new RuleTester({ settings: appSettings });

ruleTester.run('no-select-star (with schema)', rule, {
  assertionOptions: ASSERTIONS,
  valid: selectStarSchemaValid,
  invalid: selectStarSchemaInvalid,
});
