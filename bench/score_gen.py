#!/usr/bin/env python3
"""Generate a synthetic service repository for `paved score` benchmarks.

usage: score_gen.py DIR NFILES [SEED]

Writes NFILES source files (TypeScript, Go, Markdown, JSON, YAML; 0.5-4 KiB
each) in nested folders, plus the files a real service has at its root, so
every built-in check has something to look at. Deterministic for a seed.
"""
import os
import random
import sys

WORDS = ("order customer invoice payment ledger refund account shipment "
         "catalog price discount tax currency request response handler "
         "service client server config logger metrics tracer span").split()


def body(rng, ext, size):
    lines = []
    n = 0
    while n < size:
        a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
        if ext == ".ts":
            line = f"export function {a}{b.title()}(input: {c.title()}): {a.title()} {{ return compute('{b}', input) }}"
        elif ext == ".go":
            line = f"func {a.title()}{b.title()}(in {c.title()}) {a.title()} {{ return compute(\"{b}\", in) }}"
        elif ext == ".md":
            line = f"The {a} {b} keeps the {c} consistent across every {rng.choice(WORDS)}."
        elif ext == ".json":
            line = f'  "{a}_{b}": "{c}",'
        else:
            line = f"{a}_{b}: {c}"
        lines.append(line)
        n += len(line) + 1
    return "\n".join(lines) + "\n"


ROOT = {
    "README.md": "# bench\n\nRun it: `npm run dev`\n",
    "package.json": '{"name":"bench","engines":{"node":">=22"},"scripts":{"dev":"tsx src/server.ts","test":"node --test","lint":"eslint ."},'
                    '"dependencies":{"express":"5.1.0","pino":"10.0.0","prom-client":"15.1.3","@opentelemetry/api":"1.9.0"}}\n',
    "package-lock.json": "{}\n",
    "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: bench}\nspec: {type: service, lifecycle: production, owner: group:bench}\n",
    ".github/workflows/ci.yml": "jobs:\n  test:\n    steps:\n      - run: npm ci\n      - run: npm test\n      - run: npm audit\n",
    "LICENSE": "Proprietary\n",
    ".gitignore": "node_modules/\n",
    "Dockerfile": "FROM node:22 AS build\nRUN npm ci\nFROM node:22-slim\nUSER node\nHEALTHCHECK CMD node hc.js\n",
    "renovate.json": "{}\n",
    ".nvmrc": "22\n",
    "eslint.config.mjs": "export default []\n",
    "slo.yaml": "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: availability}\n",
    "docs/runbook.md": "# Runbook\n",
}

# The signals sit in the last files so a search cannot stop early.
TAIL = {
    "zz/src/health.ts": "app.get('/healthz', ok)\n",
    "zz/src/metrics.ts": "app.get('/metrics', metrics)\n",
    "zz/src/lifecycle.ts": "process.on('SIGTERM', shutdown)\n",
    "zz/src/app.test.ts": "test('ok', () => {})\n",
}


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    exts = [".ts"] * 4 + [".go"] * 3 + [".md", ".json", ".yaml"]
    files = dict(ROOT)
    for i in range(n - len(ROOT) - len(TAIL)):
        ext = rng.choice(exts)
        d = f"pkg{i // 400:03d}/mod{(i // 40) % 10}"
        if ext in (".ts",):
            d = "src/" + d
        files[f"{d}/file{i:05d}{ext}"] = None
    files.update(TAIL)
    for path, content in files.items():
        full = os.path.join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if content is None:
            content = body(rng, os.path.splitext(path)[1], rng.randint(512, 4096))
        with open(full, "w") as f:
            f.write(content)


if __name__ == "__main__":
    main()
