#!/usr/bin/env python3
"""Summarise a meson test run as individual test cases.

    tools/test-summary.py [--intro-tests FILE] [--runner-status N] TESTLOG.json...

Reads meson's meson-logs/testlog.json (one JSON object per test program) and
counts test cases: for a TAP program every top-level "ok" / "not ok" line of
its output is one case; any other program is one case. Then:

  * "ok ... # SKIP" and "not ok ... # TODO" count as skipped (so do whole
    programs that meson reports as SKIP, e.g. exit status 77);
  * a program that crashed, timed out, was interrupted, bailed out or failed
    without a "not ok" line of its own (wrong plan, abort after the last "ok")
    adds one failed case;
  * a should_fail program that failed as expected counts as passed.

The last line printed is exactly "N passed, N failed"; the skipped count is on
the line before it. Exit status: 0 when nothing failed and at least one case
passed, 1 otherwise (2 for a usage error).

--runner-status N is the exit status of `meson test`: when it is not 0 but no
failed case was counted (meson itself failed, e.g. a rebuild broke), one
failed case is added so that the summary cannot read as a success.

Whether a program speaks TAP is taken from meson-info/intro-tests.json next to
meson-logs/ (or --intro-tests), falling back to looking for a TAP plan line.
"""

import json
import os
import re
import sys

TAP_RESULT = re.compile(r'^(not ok|ok)\b(.*)$')
TAP_PLAN = re.compile(r'^1\.\.(\d+)')
TAP_DIRECTIVE = re.compile(r'#\s*(SKIP|TODO)\b', re.IGNORECASE)
TAP_BAIL = re.compile(r'^Bail out!')

FAILED_RESULTS = {'FAIL', 'TIMEOUT', 'INTERRUPT', 'ERROR', 'UNEXPECTEDPASS'}


def load_protocols(path):
    """Map test name -> protocol, from meson's intro-tests.json."""
    protocols = {}
    try:
        with open(path, encoding='utf-8') as f:
            for test in json.load(f):
                protocols.setdefault(test['name'], set()).add(test.get('protocol', 'exitcode'))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return protocols


def bare_name(logged_name):
    """meson logs 'project:suite / name' when several suites exist."""
    return logged_name.rsplit(' / ', 1)[-1]


def is_tap(entry, protocols):
    kinds = protocols.get(bare_name(entry.get('name', '')))
    if kinds is not None and len(kinds) == 1:
        return 'tap' in kinds
    stdout = entry.get('stdout') or ''
    return any(TAP_PLAN.match(line) or line.startswith('TAP version')
               for line in stdout.splitlines())


class Summary:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.programs = 0
        self.failures = []      # human-readable lines

    def add_tap(self, name, entry):
        result = entry.get('result', '')
        stdout = entry.get('stdout') or ''
        failed_here = 0
        cases = 0
        bail_out = None
        for line in stdout.splitlines():
            if TAP_BAIL.match(line):
                bail_out = line.strip()
                continue
            m = TAP_RESULT.match(line)      # indented lines are subtests: not counted
            if not m:
                continue
            cases += 1
            ok = m.group(1) == 'ok'
            d = TAP_DIRECTIVE.search(m.group(2))
            directive = d.group(1).upper() if d else None
            if directive == 'SKIP':
                self.skipped += 1
            elif directive == 'TODO':
                if ok:
                    self.passed += 1        # unexpectedly fixed: still a pass
                else:
                    self.skipped += 1       # known failure
            elif ok:
                self.passed += 1
            else:
                failed_here += 1
                self.failures.append(f'{name}: {line.strip()}')
        # A failure that no "not ok" line accounts for: a crash, a timeout, a
        # bail out, a plan that does not match. (GLib bails out right after
        # a "not ok", which is then not counted twice.)
        if failed_here == 0 and (result in FAILED_RESULTS or bail_out):
            failed_here = 1
            why = bail_out or describe(entry)
            self.failures.append(f'{name}: {why} after {cases} test case(s)')
        elif result == 'SKIP' and cases == 0:
            self.skipped += 1
        self.failed += failed_here

    def add_plain(self, name, entry):
        result = entry.get('result', '')
        if result in ('OK', 'EXPECTEDFAIL'):
            self.passed += 1
        elif result == 'SKIP':
            self.skipped += 1
        else:
            self.failed += 1
            self.failures.append(f'{name}: {describe(entry)}')


def describe(entry):
    result = entry.get('result', '?')
    rc = entry.get('returncode')
    if result == 'TIMEOUT':
        return 'timed out'
    if result == 'INTERRUPT':
        return 'interrupted'
    if result == 'UNEXPECTEDPASS':
        return 'passed but should have failed'
    if isinstance(rc, int) and rc < 0:
        return f'crashed (signal {-rc})'
    return f'{result.lower()} (exit status {rc})'


def main(argv):
    args = argv[1:]
    intro = None
    runner_status = 0
    while len(args) >= 2 and args[0] in ('--intro-tests', '--runner-status'):
        if args[0] == '--intro-tests':
            intro = args[1]
        else:
            try:
                runner_status = int(args[1])
            except ValueError:
                args = ['-']
                break
        args = args[2:]
    if not args or any(a.startswith('-') for a in args):
        print('usage: ' + __doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2

    summary = Summary()
    problems = []
    for path in args:
        protocols = load_protocols(intro or os.path.join(
            os.path.dirname(os.path.dirname(os.path.abspath(path))),
            'meson-info', 'intro-tests.json'))
        try:
            with open(path, encoding='utf-8') as f:
                lines = f.readlines()
        except OSError as e:
            problems.append(f'cannot read the test log {path}: {e.strerror}')
            continue
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                problems.append(f'{path}:{number}: not a JSON test record')
                continue
            summary.programs += 1
            name = entry.get('name', f'test #{number}')
            if is_tap(entry, protocols):
                summary.add_tap(name, entry)
            else:
                summary.add_plain(name, entry)

    if runner_status != 0 and summary.failed == 0 and not problems:
        problems.append(f'meson test exited with status {runner_status} '
                        'although no test case failed')
    for problem in problems:
        print(f'error: {problem}')
    if summary.failures:
        print(f'Failed ({len(summary.failures)}):')
        for failure in summary.failures:
            print(f'  {failure}')
    failed = summary.failed + len(problems)
    ran = summary.passed + failed
    if ran == 0:
        print('error: no test case ran')
    print(f'{summary.programs} test programs, {ran + summary.skipped} test cases; '
          f'{summary.skipped} skipped')
    print(f'{summary.passed} passed, {failed} failed')
    return 0 if failed == 0 and summary.passed > 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
