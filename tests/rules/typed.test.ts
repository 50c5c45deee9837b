/**
 * What type information adds (parserOptions.projectService): entities returned by a service or
 * a function of another file reach a response, and props of a `'use client'` component are a sink.
 * The same code without type information reports nothing (precision first).
 */
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import noFullEntityResponse from '../../rules/no-full-entity-response.js';
import { ASSERTIONS } from '../support/assertions.js';
import { positionOf } from '../support/position.js';

const tsconfigRootDir = path.resolve('tests/fixtures/typed');
const typed = new RuleTester({
  languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['file.tsx'] }, tsconfigRootDir } },
});
const untyped = new RuleTester();

const controller = `import { Controller, Get } from './decorators';
import { UsersService } from './users.service';
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}
  @Get()
  findAll() {
    return this.users.findAll();
  }
  @Get('count')
  count() {
    return this.users.count();
  }
}`;

const accountRoute = `import { getAccount } from './accounts';
export async function GET(request: Request) {
  const account = await getAccount(new URL(request.url).searchParams.get('id') ?? '');
  return Response.json(account);
}`;

const serverComponent = `import { getAccount } from './accounts';
import { ProfileCard } from './profile-card';
import { ServerCard } from './server-card';
export default async function Page() {
  const account = await getAccount('me');
  return (
    <main>
      <ServerCard user={account} />
      <ProfileCard user={account} />
    </main>
  );
}`;

typed.run('no-full-entity-response (typed)', noFullEntityResponse, {
  assertionOptions: ASSERTIONS,
  valid: [
    // A number, not entities.
    { code: controller.replace('return this.users.findAll();', 'return [];'), filename: 'file.ts' },
    // Every secret of the entity is hidden (`select: false`) or left out when serialised
    // (class-transformer `@Exclude()`, or `@Exclude()` on the class with `@Expose()`d fields).
    { code: controller.replace('return this.users.findAll();', 'return this.users.findInvites();'), filename: 'file.ts' },
    // Mapped to picked fields before the response.
    { code: accountRoute.replace('Response.json(account)', 'Response.json({ id: account.id })'), filename: 'file.ts' },
    // A server-only component receives the entity: nothing is serialised.
    { code: serverComponent.replace('      <ProfileCard user={account} />\n', ''), filename: 'file.tsx' },
  ],
  invalid: [
    {
      code: controller,
      filename: 'file.ts',
      errors: [
        {
          messageId: 'wholeEntity',
          data: { call: 'this.users.findAll()', entity: 'User', relation: '', detail: ' (passwordHash, resetToken)', sink: "the `@Get()` handler's `return`", fn: '' },
          ...positionOf(controller, 'findAll', 1),
          suggestions: [],
        },
      ],
    },
    {
      // `clientSecret` is never loaded and `apiKeyHash` is excluded when serialised: only
      // `webhookToken` is sent.
      code: controller.replace('return this.users.findAll();', 'return this.users.findClients();'),
      filename: 'file.ts',
      errors: [
        {
          messageId: 'wholeEntity',
          data: { call: 'this.users.findClients()', entity: 'ApiClient', relation: '', detail: ' (webhookToken)', sink: "the `@Get()` handler's `return`", fn: '' },
          ...positionOf(controller.replace('return this.users.findAll();', 'return this.users.findClients();'), 'findClients'),
          suggestions: [],
        },
      ],
    },
    {
      code: accountRoute,
      filename: 'file.ts',
      errors: [
        {
          messageId: 'wholeEntity',
          data: { call: 'getAccount()', entity: 'Account', relation: '', detail: ' (apiKey)', sink: '`Response.json`', fn: '' },
          ...positionOf(accountRoute, 'getAccount(new'),
          endColumn: positionOf(accountRoute, 'getAccount(new').column + 'getAccount'.length,
          suggestions: [],
        },
      ],
    },
    {
      code: serverComponent,
      filename: 'file.tsx',
      errors: [
        {
          messageId: 'wholeEntity',
          data: {
            call: "getAccount()",
            entity: 'Account',
            relation: '',
            detail: ' (apiKey)',
            sink: "the props of `<ProfileCard>` (a 'use client' component: sent to the browser)",
            fn: '',
          },
          ...positionOf(serverComponent, "getAccount('me')"),
          endColumn: positionOf(serverComponent, "getAccount('me')").column + 'getAccount'.length,
          suggestions: [],
        },
      ],
    },
  ],
});

// Without type information the same files report nothing: the read happens elsewhere.
untyped.run('no-full-entity-response (untyped)', noFullEntityResponse, {
  assertionOptions: ASSERTIONS,
  valid: [controller, accountRoute, { code: serverComponent, languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } }],
  invalid: [],
});
