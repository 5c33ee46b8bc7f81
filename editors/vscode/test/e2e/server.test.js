// End to end: starts `bin/nnc lsp` as a separate process and talks real JSON-RPC with it, as
// VS Code would: initialize, didOpen of a file with a shape error, publishDiagnostics, hover on
// a layer, the error fixed by didChange, shutdown and exit. Needs the built jar (`mvn package`).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('path');
const { pathToFileURL } = require('url');
const { LspProcess } = require('./jsonrpc');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const LAUNCHER = path.join(REPO_ROOT, 'bin', 'nnc');
const TIMEOUT_MS = 60000; // the first start may build the jar and the class-data archive

const BROKEN = [
  'model Broken {',
  '    input x: [28, 28]',
  '    conv2d(8, 3)',
  '}',
  ''
].join('\n');

const FIXED = [
  'model Broken {',
  '    input x: [28, 28, 1]',
  '    conv2d(8, 3)',
  '}',
  ''
].join('\n');

const MLP = [
  'model Mlp {',
  '    input x: [10]',
  '    dense(20, relu)',
  '    dense(3, softmax)',
  '}',
  ''
].join('\n');

test('bin/nnc lsp answers over stdio', { timeout: 3 * TIMEOUT_MS }, async () => {
  const server = new LspProcess(LAUNCHER, ['lsp'], { cwd: REPO_ROOT });
  try {
    const init = await server.request('initialize', {
      processId: process.pid, rootUri: pathToFileURL(REPO_ROOT).href, capabilities: {}
    });
    assert.ok(init.capabilities.hoverProvider, 'hover capability');
    assert.ok(init.capabilities.inlayHintProvider, 'inlay hint capability');
    server.notify('initialized', {});

    const brokenUri = pathToFileURL(path.join(REPO_ROOT, 'broken.nn')).href;
    server.notify('textDocument/didOpen', { textDocument: { uri: brokenUri, languageId: 'nn', version: 1, text: BROKEN } });
    const published = await server.waitFor((m) => m.method === 'textDocument/publishDiagnostics'
      && m.params.uri === brokenUri, TIMEOUT_MS);
    assert.strictEqual(published.params.diagnostics.length, 1, JSON.stringify(published.params.diagnostics));
    const d = published.params.diagnostics[0];
    assert.strictEqual(d.severity, 1, 'an error');
    assert.strictEqual(d.range.start.line, 2, 'on the conv2d line');
    assert.match(d.message, /conv2d/);

    server.notify('textDocument/didChange', {
      textDocument: { uri: brokenUri, version: 2 }, contentChanges: [{ text: FIXED }]
    });
    const cleared = await server.waitFor((m) => m.method === 'textDocument/publishDiagnostics'
      && m.params.uri === brokenUri && m.params.version === 2, TIMEOUT_MS);
    assert.deepStrictEqual(cleared.params.diagnostics, []);

    const mlpUri = pathToFileURL(path.join(REPO_ROOT, 'mlp.nn')).href;
    server.notify('textDocument/didOpen', { textDocument: { uri: mlpUri, languageId: 'nn', version: 1, text: MLP } });
    const hover = await server.request('textDocument/hover', {
      textDocument: { uri: mlpUri }, position: { line: 2, character: 6 }
    });
    assert.ok(hover && hover.contents, 'a hover on dense(20, relu)');
    const text = hover.contents.value;
    assert.match(text, /dense/);
    assert.match(text, /\(None, 20\)/, text);
    assert.match(text, /params: 220/, text);

    const shutdown = await server.request('shutdown', null);
    assert.strictEqual(shutdown, null);
    server.notify('exit', null);
    assert.strictEqual(await server.exited, 0, `exit code; stderr: ${server.stderr}`);
  } finally {
    if (server.child.exitCode === null) server.child.kill();
  }
});
