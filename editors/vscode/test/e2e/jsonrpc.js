// A minimal LSP client over a child process's stdio: Content-Length framing, requests with
// ids, and a queue of notifications to wait for. Only what the end-to-end test needs.
'use strict';
const { spawn } = require('child_process');

class LspProcess {
  constructor(command, args, options) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.notifications = [];
    this.waiters = [];
    this.stderr = '';
    this.child.stdout.on('data', (chunk) => this.onData(chunk));
    this.child.stderr.on('data', (chunk) => { this.stderr += chunk.toString(); });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.slice(0, headerEnd).toString('ascii');
      const match = /Content-Length: (\d+)/i.exec(header);
      if (!match) throw new Error(`bad header from server: ${header}`);
      const length = Number(match[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const message = JSON.parse(this.buffer.slice(start, start + length).toString('utf8'));
      this.buffer = this.buffer.slice(start + length);
      this.dispatch(message);
    }
  }

  dispatch(message) {
    if (message.id !== undefined && (message.result !== undefined || message.error !== undefined)) {
      const p = this.pending.get(message.id);
      if (p) {
        this.pending.delete(message.id);
        if (message.error) p.reject(new Error(JSON.stringify(message.error)));
        else p.resolve(message.result);
      }
    } else if (message.id !== undefined) {
      // A request from the server (e.g. workspace/configuration): answer with nothing.
      this.write({ jsonrpc: '2.0', id: message.id, result: null });
    } else {
      this.notifications.push(message);
      this.waiters = this.waiters.filter((w) => !w(message));
    }
  }

  write(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.write({ jsonrpc: '2.0', id, method, params });
    return promise;
  }

  notify(method, params) {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The first notification (already received or coming) that satisfies `predicate`. */
  waitFor(predicate, timeoutMs) {
    const seen = this.notifications.find(predicate);
    if (seen) {
      this.notifications.splice(this.notifications.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching notification in ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push((message) => {
        if (!predicate(message)) return false;
        clearTimeout(timer);
        this.notifications.splice(this.notifications.indexOf(message), 1);
        resolve(message);
        return true;
      });
    });
  }
}

module.exports = { LspProcess };
