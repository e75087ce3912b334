#!/usr/bin/env python3
"""Writes tests/fuzz/model.dict, the libFuzzer dictionary of the model
loader: every identifier-like string literal of src/spec and src/models
(keys, model and parameter names), and JSON and expression tokens.
Run from the repository root: python3 tools/make_fuzz_dict.py"""
import glob
import re

words = set()
for f in glob.glob('src/spec/*.cpp') + glob.glob('src/models/**/*.cpp', recursive=True):
    for m in re.finditer(r'"([A-Za-z_][A-Za-z0-9_]{1,40})"', open(f).read()):
        words.add(m.group(1))
tokens = ['{', '}', '[', ']', ':', ',', 'true', 'false', 'null', '1e308', '-1e308', '4294967296', '2147483647',
          '9007199254740993', '0.1', '-0', '1e-320', '^', '(', ')', '*', '/']
with open('tests/fuzz/model.dict', 'w') as o:
    o.write('# libFuzzer dictionary for the model loader: every key and name the parsers and model tables know\n'
            '# (string literals of src/spec and src/models), and JSON/expression tokens: tools/make_fuzz_dict.py\n')
    for w in sorted(words):
        o.write('"\\"%s\\""\n' % w)
    for t in tokens:
        o.write('"%s"\n' % t.replace('\\', '\\\\').replace('"', '\\"'))
print(len(words), 'words')
