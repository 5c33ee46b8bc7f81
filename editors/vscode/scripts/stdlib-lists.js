// Reads the word lists the TextMate grammar colours from the standard library (stdlib/*.nn):
// layer names (`layer NAME(` and `intrinsic layer NAME(`), activations (the fns of
// activations.nn), other library fns, and enum values. An enum parameter is declared as
//   padding: enum = valid  /* valid | same */
// with its choices in the comment that follows the default. Shared by the generator and its test.
'use strict';
const fs = require('fs');
const path = require('path');

const NAME = '[A-Za-z_][A-Za-z0-9_]*';

// Text without line and block comments (strings kept), so commented-out code is not read.
function stripNnComments(text) {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('"') ? m : ' '));
}

function unique(words) {
  return [...new Set(words)].sort();
}

/** The default and the listed choices of every `NAME: enum = DEFAULT /* a | b *\/` parameter. */
function enumValues(rawText) {
  const out = [];
  const re = new RegExp(`:\\s*enum\\s*=\\s*(${NAME})\\s*(?:/\\*([^*]*)\\*/)?`, 'g');
  for (const m of rawText.matchAll(re)) {
    out.push(m[1]);
    if (m[2]) for (const choice of m[2].split('|')) if (new RegExp(`^${NAME}$`).test(choice.trim())) out.push(choice.trim());
  }
  return out;
}

/** { layers, activations, functions, enumValues } of the .nn files in `dir` (empty when it is absent). */
function readStdlib(dir) {
  const layers = [];
  const activations = [];
  const functions = [];
  const enums = [];
  if (fs.existsSync(dir)) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.nn')).sort();
    for (const file of files) {
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      const text = stripNnComments(raw);
      for (const m of text.matchAll(new RegExp(`\\blayer\\s+(${NAME})\\s*\\(`, 'g'))) layers.push(m[1]);
      const fns = file === 'activations.nn' ? activations : functions;
      for (const m of text.matchAll(new RegExp(`\\bfn\\s+(${NAME})\\s*\\(`, 'g'))) fns.push(m[1]);
      enums.push(...enumValues(raw));
    }
  }
  const layerSet = new Set(layers);
  const activationSet = new Set(activations);
  return {
    layers: unique(layers),
    activations: unique(activations),
    // A name that is also a layer or an activation keeps that colour.
    functions: unique(functions.filter((f) => !layerSet.has(f) && !activationSet.has(f))),
    enumValues: unique(enums)
  };
}

module.exports = { readStdlib, stripNnComments, enumValues };
