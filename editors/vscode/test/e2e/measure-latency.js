// A plain measurement, not a test: how long `bin/nnc lsp` (a separate process, real JSON-RPC)
// takes from a didChange of a generated 200-layer file to the publishDiagnostics for it, once
// warm. Run with `npm run measure:latency` after the jar is built; prints min, median and p90.
'use strict';
const path = require('path');
const { pathToFileURL } = require('url');
const { LspProcess } = require('./jsonrpc');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const LAYERS = 200;

function bigModel(width, broken) {
  const lines = [`// generated: ${LAYERS} layers`, 'model Big {', `    input x: [${width}]`];
  for (let i = 0; i < LAYERS - 1; i++) {
    lines.push([`    dense(${width}, relu)`, '    dropout(0.1)',
      `    dense(${width}, activation = tanh, use_bias = false)`, '    batchnorm'][i % 4]);
  }
  lines.push(broken ? '    conv2d(8, 3)' : '    dense(10, softmax)', '}', '');
  return lines.join('\n');
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function main() {
  const server = new LspProcess(path.join(REPO_ROOT, 'bin', 'nnc'), ['lsp'], { cwd: REPO_ROOT });
  await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  server.notify('initialized', {});
  const uri = pathToFileURL(path.join(REPO_ROOT, 'big.nn')).href;
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'nn', version: 1, text: bigModel(32, false) } });
  await server.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.version === 1, 60000);
  const times = [];
  for (let round = 0; round < 100; round++) {
    const version = round + 2;
    const broken = round % 2 === 1;
    const t0 = process.hrtime.bigint();
    server.notify('textDocument/didChange', {
      textDocument: { uri, version }, contentChanges: [{ text: bigModel(16 + (round % 7), broken) }]
    });
    const m = await server.waitFor((n) => n.method === 'textDocument/publishDiagnostics' && n.params.version === version, 60000);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (m.params.diagnostics.length !== (broken ? 1 : 0)) throw new Error(`round ${round}: ${JSON.stringify(m.params.diagnostics)}`);
    if (round >= 40) times.push(ms); // the first rounds warm the JIT
  }
  console.log(`bin/nnc lsp, ${LAYERS}-layer file, warm: didChange -> publishDiagnostics (25 ms debounce included) `
    + `over ${times.length} changes: min ${percentile(times, 0).toFixed(1)} ms, median ${percentile(times, 50).toFixed(1)} ms, `
    + `p90 ${percentile(times, 90).toFixed(1)} ms`);
  await server.request('shutdown', null);
  server.notify('exit', null);
  await server.exited;
}

main().catch((e) => { console.error(e); process.exit(1); });
