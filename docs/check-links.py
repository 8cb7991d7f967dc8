#!/usr/bin/env python3
"""Checks the links of README.md and docs/*.md: every relative link names a file or folder of the
repository, every #anchor a heading of its file (GitHub's slugs), and no text points outside the
repository (../shared, /work/). Prints each broken link; exit status 1 when there is one.

    python3 docs/check-links.py
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r'(?<!!)\[[^\]]*\]\(([^)\s]+)\)')
OUTSIDE = re.compile(r'\.\./shared|/work/')


def slug(heading):
    text = re.sub(r'[`*]|\[([^\]]*)\]\([^)]*\)', lambda m: m.group(1) or '', heading.strip().lower())
    text = re.sub(r'[^\w\- ]', '', text)
    return text.replace(' ', '-')


def anchors(path):
    seen, found = {}, set()
    in_code = False
    for line in path.read_text().splitlines():
        if line.startswith('```'):
            in_code = not in_code
        if in_code or not line.startswith('#'):
            continue
        base = slug(line.lstrip('#'))
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f'{base}-{n}')
    return found


def main():
    files = [ROOT / 'README.md'] + sorted((ROOT / 'docs').glob('*.md'))
    broken = []
    for source in files:
        text = source.read_text()
        for number, line in enumerate(text.splitlines(), 1):
            where = f'{source.relative_to(ROOT)}:{number}'
            if OUTSIDE.search(line):
                broken.append(f'{where}: points outside the repository: {line.strip()}')
            for target in LINK.findall(line):
                if re.match(r'[a-z]+:', target):
                    continue  # http(s), mailto: not checked here
                path, _, anchor = target.partition('#')
                resolved = (source.parent / path).resolve() if path else source
                if not resolved.exists():
                    broken.append(f'{where}: no such file: {target}')
                elif anchor and resolved.suffix == '.md' and anchor not in anchors(resolved):
                    broken.append(f'{where}: no heading #{anchor} in {resolved.relative_to(ROOT)}')
                elif ROOT not in resolved.parents and resolved != ROOT:
                    broken.append(f'{where}: outside the repository: {target}')
    for line in broken:
        print(line)
    print(f'{len(files)} files checked, {len(broken)} broken links', file=sys.stderr)
    return 1 if broken else 0


if __name__ == '__main__':
    sys.exit(main())
