// Reads the word lists the TextMate grammar colours from the standard library (stdlib/*.nn):
// layer names, activation functions and enum-like values. Shared by the generator and its test.
'use strict';
const fs = require('fs');
const path = require('path');

// Text without line and block comments (strings kept), so commented-out code is not read.
function stripNnComments(text) {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('"') ? m : ' '));
}

function unique(words) {
  return [...new Set(words)].sort();
}

/** { layers, activations, enumValues } of the .nn files in `dir` (empty lists when it is absent). */
function readStdlib(dir) {
  const layers = [];
  const activations = [];
  const enumValues = [];
  if (!fs.existsSync(dir)) return { layers, activations, enumValues };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.nn')).sort();
  for (const file of files) {
    const text = stripNnComments(fs.readFileSync(path.join(dir, file), 'utf8'));
    for (const m of text.matchAll(/\blayer\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) layers.push(m[1]);
    for (const m of text.matchAll(/\bfn\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) activations.push(m[1]);
  }
  return { layers: unique(layers), activations: unique(activations), enumValues: unique(enumValues) };
}

module.exports = { readStdlib, stripNnComments };
