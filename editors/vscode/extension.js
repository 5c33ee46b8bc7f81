// VS Code client of the nnc language server: starts `nnc lsp` (stdio) for .nn files.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

/** The launcher: the `nnc.serverPath` setting, else `nnc` found on the PATH. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration('nnc').get('serverPath');
  return configured && configured.trim() !== '' ? configured.trim() : 'nnc';
}

async function activate(context) {
  const command = serverCommand();
  const serverOptions = {
    run: { command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command, args: ['lsp'], transport: TransportKind.stdio }
  };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'nn' }, { scheme: 'untitled', language: 'nn' }],
    outputChannelName: 'nnc language server'
  };
  client = new LanguageClient('nnc', 'nnc language server', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('nnc.serverPath') && client) {
        // A new launcher path only takes effect in a new server process.
        await client.stop();
        client = new LanguageClient('nnc', 'nnc language server',
          { command: serverCommand(), args: ['lsp'], transport: TransportKind.stdio }, clientOptions);
        await client.start();
      }
    })
  );
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `nnc: could not start the language server with "${command} lsp" (${err.message}). ` +
      'Set "nnc.serverPath" to the path of bin/nnc.');
  }
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
