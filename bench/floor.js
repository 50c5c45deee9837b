// `node bench/floor.js [--preset recommended|strict|all]`: the floor under `npm run bench`.
// A stand-in plugin does no analysis at all: its rules install the same collecting listeners as
// ours and, at `Program:exit`, report exactly the findings our rules report on the bench corpus
// (taken from a lint with the real plugin first: same locations, messages and suggestion edits).
// What it costs is ESLint's own listener dispatch and report handling for these findings: no
// pipeline of ours can cost less. Its parse time is that of a parser already warmed up by the
// real lint, so compare milliseconds with `npm run bench`, not only ratios. Needs the build (dist/).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import plugin from '../dist/src/index.js';
import { COLLECTED_TYPES, STRING_TYPES } from '../dist/src/flow/walk.js';
import { corpusConfig, writeCorpus, writeSchema } from './corpus.js';

const args = process.argv.slice(2);
const presetAt = args.indexOf('--preset');
const preset = presetAt >= 0 && args[presetAt + 1] ? args[presetAt + 1] : 'recommended';
const PREFIX = 'data-exposure/';

const dir = mkdtempSync(join(tmpdir(), 'data-exposure-floor-'));
try {
  writeCorpus(dir, 8);
  writeSchema(dir);
  const config = plugin.configs[preset];
  if (!config) throw new Error(`unknown preset ${preset}`);

  // The real findings, from an instance whose time is not counted.
  const real = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: corpusConfig(parser, config, true),
  });
  const findings = new Map();
  for (const result of await real.lintFiles(['**/*.ts'])) findings.set(result.filePath, result.messages);

  const ruleIds = Object.keys(config.rules).map((id) => id.slice(PREFIX.length));
  const rules = {};
  ruleIds.forEach((id, index) => {
    rules[id] = {
      meta: { type: 'problem', hasSuggestions: true, messages: { message: '{{text}}', suggestion: '{{text}}' }, schema: false },
      create(context) {
        const listeners = {
          'Program:exit'() {
            for (const m of findings.get(context.filename) ?? []) {
              if (m.ruleId !== `${PREFIX}${id}`) continue;
              context.report({
                loc: { start: { line: m.line, column: m.column - 1 }, end: { line: m.endLine, column: m.endColumn - 1 } },
                messageId: 'message',
                data: { text: m.message },
                suggest: (m.suggestions ?? []).map((s) => ({
                  messageId: 'suggestion',
                  data: { text: s.desc },
                  fix: (fixer) => fixer.replaceTextRange(s.fix.range, s.fix.text),
                })),
              });
            }
          },
        };
        if (index === 0) {
          // The same node collection our first rule installs.
          const nodes = [];
          const add = (node) => nodes.push(node);
          for (const type of [...COLLECTED_TYPES, ...STRING_TYPES]) listeners[type] = add;
        }
        return listeners;
      },
    };
  });
  const standIn = { meta: { name: 'floor' }, rules };
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser } },
      { files: ['**/*.ts'], plugins: { 'data-exposure': standIn }, rules: Object.fromEntries(ruleIds.map((id) => [`${PREFIX}${id}`, 'warn'])) },
    ],
    stats: true,
  });
  for (let pass = 1; pass <= 3; pass++) {
    let parse = 0;
    let ours = 0;
    let reported = 0;
    for (const result of await eslint.lintFiles(['**/*.ts'])) {
      const times = result.stats?.times.passes[0];
      parse += times?.parse?.total ?? 0;
      reported += result.messages.length;
      for (const [id, time] of Object.entries(times?.rules ?? {})) if (id.startsWith(PREFIX)) ours += time.total;
    }
    console.log(`floor (${preset}) pass ${pass}: parse ${parse.toFixed(0)} ms, stand-in rules ${ours.toFixed(1)} ms, ratio ${(ours / parse).toFixed(4)}, findings ${reported}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
