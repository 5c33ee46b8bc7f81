// The TextMate grammar stays in step with grammar/Nn.g4 and stdlib/*.nn: the committed file is
// what the generator makes now, and every keyword, stdlib layer, activation and enum value is
// coloured (tokenised with the engine VS Code uses, not just searched for in the JSON).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const { generate, grammarKeywords, GRAMMAR_FILE, STDLIB_DIR, OUTPUT_FILE } = require('../../scripts/generate-grammar');
const { readStdlib } = require('../../scripts/stdlib-lists');
const { scopesAt } = require('./tokenize');

const keywords = grammarKeywords(fs.readFileSync(GRAMMAR_FILE, 'utf8'));
const stdlib = readStdlib(STDLIB_DIR);

test('the committed grammar is what the generator makes from Nn.g4 and stdlib', () => {
  assert.strictEqual(fs.readFileSync(OUTPUT_FILE, 'utf8'), generate(),
    'syntaxes/nn.tmLanguage.json is stale: run `npm run generate` in editors/vscode');
});

test('the keyword list comes from Nn.g4 and includes the declaration keywords', () => {
  for (const k of ['model', 'layer', 'fn', 'data', 'train', 'input', 'let', 'output']) {
    assert.ok(keywords.includes(k), `${k} missing from the keywords read from Nn.g4`);
  }
});

test('every keyword of Nn.g4 is coloured as a keyword', async () => {
  for (const k of keywords) {
    const scopes = await scopesAt(`${k} `, 0);
    const coloured = scopes.some((s) => /^(keyword|storage|constant\.language)\..*\.nn$/.test(s));
    assert.ok(coloured, `keyword '${k}' of Nn.g4 is not coloured: ${scopes.join(' ')}`);
  }
});

test('every stdlib layer is coloured as a layer where it is called', async () => {
  assert.ok(stdlib.layers.length > 0, 'no layer read from stdlib/*.nn');
  for (const name of stdlib.layers) {
    const line = `    ${name}(16)`;
    const scopes = await scopesAt(line, 4);
    assert.ok(scopes.includes('support.function.layer.nn'), `layer '${name}' is not coloured: ${scopes.join(' ')}`);
  }
});

test('every stdlib activation is coloured as an argument value', async () => {
  assert.ok(stdlib.activations.length > 0, 'no activation read from stdlib/*.nn');
  for (const name of stdlib.activations) {
    const line = `dense(3, ${name})`;
    const scopes = await scopesAt(line, 9);
    assert.ok(scopes.some((s) => s.startsWith('support.')), `activation '${name}' is not coloured: ${scopes.join(' ')}`);
  }
});

test('every stdlib enum value is coloured, valid and same among them', async () => {
  for (const v of ['valid', 'same']) assert.ok(stdlib.enumValues.includes(v), `${v} not read from stdlib/*.nn`);
  for (const name of stdlib.enumValues) {
    const line = `f(padding = ${name})`;
    const scopes = await scopesAt(line, 12);
    assert.ok(scopes.some((s) => s.startsWith('support.')), `enum value '${name}' is not coloured: ${scopes.join(' ')}`);
  }
});
