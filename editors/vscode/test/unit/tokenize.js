// Loads syntaxes/nn.tmLanguage.json with the same TextMate engine VS Code uses, for the tests.
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR = path.resolve(__dirname, '..', '..', 'syntaxes', 'nn.tmLanguage.json');

let grammarPromise;

function loadGrammar() {
  if (!grammarPromise) {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
    const onigLib = oniguruma.loadWASM(wasm).then(() => ({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s)
    }));
    const registry = new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) =>
        scopeName === 'source.nn' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null
    });
    grammarPromise = registry.loadGrammar('source.nn');
  }
  return grammarPromise;
}

/** The tokens of one line: [{ text, scopes }]. */
async function tokenizeLine(line) {
  const grammar = await loadGrammar();
  const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
  return tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
}

/** The scopes of the token that starts at `column` of `line`. */
async function scopesAt(line, column) {
  const grammar = await loadGrammar();
  const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
  const token = tokens.find((t) => t.startIndex <= column && column < t.endIndex);
  return token ? token.scopes : [];
}

module.exports = { tokenizeLine, scopesAt };
