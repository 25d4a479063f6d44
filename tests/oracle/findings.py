"""Helpers of tests/oracle/run.sh (stdlib only):

    findings.py db JSON PREFIX     `path:line` of the database findings under PREFIX, sorted
    findings.py other JSON PREFIX  `path:line: ID function` of the other findings under PREFIX
    findings.py where              stdin `path:line` -> `path:line function` (enclosing def)

Database findings: the rule families whose blocking line touches the database, so that Django
raises SynchronousOnlyOperation there: DJA1xx (ORM), the DJA2xx rules that query or open the
connection, and DJA501 chains whose last hop is one of those.
"""
import ast
import json
import re
import sys

DB_RULES = {
    "DJA201",  # authenticate / login / get_user: user and session lookups
    "DJA202",  # get_object_or_404
    "DJA206",  # transaction.atomic / connection.cursor
    "DJA209",  # request.user: loads the session, then the user
    "DJA210",  # request.session: the database session backend
    "DJA211",  # has_perm and friends: permission queries
    "DJA212",  # Paginator.page(): count()
    "DJA213",  # ModelForm is_valid() / save()
    "DJA214",  # rendering a lazy context
}


def is_db(rule):
    return rule.startswith("DJA1") or rule in DB_RULES


def chain_rule(finding):
    """The rule of a DJA501 chain's blocking line: the last hop's note ends with `(DJAnnn)`."""
    chain = finding.get("chain") or []
    m = re.search(r"\((DJA\d+)\)\s*$", chain[-1].get("note", "")) if chain else None
    return m.group(1) if m else ""


def under(path, prefix):
    prefix = prefix.rstrip("/") + "/"
    return path.startswith(prefix)


def db_finding(f):
    return is_db(f["id"]) or (f["id"] == "DJA501" and is_db(chain_rule(f)))


def main(argv):
    mode = argv[0] if argv else ""
    if mode in ("db", "other") and len(argv) == 3:
        with open(argv[1], encoding="utf-8") as fh:
            findings = [f for f in json.load(fh)["findings"] if under(f["path"], argv[2])]
        if mode == "db":
            lines = {(f["path"], f["line"]) for f in findings if db_finding(f)}
            for path, line in sorted(lines):
                print(f"{path}:{line}")
        else:
            for f in findings:
                if not db_finding(f):
                    print(f"{f['path']}:{f['line']}: {f['id']} {f['function']}")
        return 0
    if mode == "where" and len(argv) == 1:
        trees = {}
        for item in sys.stdin.read().split():
            path, line = item.rsplit(":", 1)
            if path not in trees:
                with open(path, encoding="utf-8") as fh:
                    trees[path] = [n for n in ast.walk(ast.parse(fh.read(), path))
                                   if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
            inside = [n for n in trees[path] if n.lineno <= int(line) <= n.end_lineno]
            name = min(inside, key=lambda n: n.end_lineno - n.lineno).name if inside else "(module)"
            print(f"{item} {name}")
        return 0
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
