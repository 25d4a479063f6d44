"""The runtime oracle: which lines of the case files does Django itself refuse to run on the loop?

    /usr/bin/python3 tests/oracle/run.py [-v] [CASE_FILE_OR_DIR...]   (default: tests/oracle/cases)

Sets Django up (tests/oracle/project, SQLite in a temporary file), makes the tables, seeds the
data in sync code, then runs every `async def case_...()` of every case file with asyncio.run().
A case that raises SynchronousOnlyOperation blocks at the first line of the traceback that is
in its own file: the line of the async function that started the blocking operation. Prints
`path:line` for each such line, sorted, paths relative to the current folder. A case that raises
anything else, or blocks outside its file, is an error: reported on stderr, exit 2. Parameters
named after a fixture (`request`, `book`) are supplied by the runner; others keep their default.
The comment above each case says `# blocks: ...` or `# no block: ...`; disagreeing with Django
is an error too (the case, not djasync, is then wrong). -v lists what each case did on stderr.
"""
import asyncio
import importlib.util
import inspect
import os
import shutil
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True  # leave no __pycache__ in the work tree
HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.join(HERE, "project")


def setup_django(db_dir):
    os.environ["ORACLE_DB"] = os.path.join(db_dir, "oracle.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "oracle_site.settings"
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    sys.path.insert(0, PROJECT)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)


def seed():
    """The rows the cases look up by name; made before any event loop runs."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from shop.models import Author, Book, Profile, Publisher, Tag

    ace = Publisher.objects.create(name="Ace")
    herbert = Author.objects.create(name="Herbert", publisher=ace)
    le_guin = Author.objects.create(name="Le Guin")
    Profile.objects.create(author=herbert, bio="Arrakis")
    sf = Tag.objects.create(label="sf")
    classic = Tag.objects.create(label="classic")
    dune = Book.objects.create(title="Dune", author=herbert)
    dune.tags.set([sf, classic])
    Book.objects.create(title="Dune Messiah", author=herbert).tags.set([sf])
    Book.objects.create(title="Earthsea", author=le_guin, published=False)
    user = User.objects.create_user("reader", password="secret")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["cart"] = [dune.pk]
    session.save()
    return session.session_key


def fixtures(session_key):
    """Values for case parameters, by name; each call makes a fresh one, in sync code."""
    from django.conf import settings
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.test import RequestFactory

    from shop.models import Book

    def request():
        # What a request has when it reaches a view: a lazy session and a lazy user.
        req = RequestFactory().get("/")
        req.COOKIES[settings.SESSION_COOKIE_NAME] = session_key
        SessionMiddleware(lambda r: None).process_request(req)
        AuthenticationMiddleware(lambda r: None).process_request(req)
        return req

    def book():
        # Fetched without select_related: its author is not loaded.
        return Book.objects.get(title="Dune")

    return {"request": request, "book": book}


def case_files(args):
    files = []
    for arg in args:
        if os.path.isdir(arg):
            files += [os.path.join(arg, n) for n in sorted(os.listdir(arg)) if n.endswith(".py") and not n.startswith("_")]
        else:
            files.append(arg)
    return files


def load(path):
    name = "oracle_case_" + os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def cases_of(module):
    found = []
    for name, fn in vars(module).items():
        if name.startswith("case_") and inspect.iscoroutinefunction(fn) and fn.__module__ == module.__name__:
            found.append((fn.__code__.co_firstlineno, name, fn))
    return sorted(found)


def comment_verdict(source, first):
    """What the comment above a case's `async def` (line `first`) says: True blocks, False no block."""
    above = source[first - 2].strip() if first >= 2 else ""
    if above.startswith("# blocks:"):
        return True
    if above.startswith("# no block:"):
        return False
    return None


def blocking_line(exc, path):
    """The outermost traceback line in the case file itself, or None."""
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename) == path:
            return frame.lineno
    return None


def run_file(path, make, verbose):
    """Runs the cases of one file: (blocking lines, error messages)."""
    from django.core.exceptions import SynchronousOnlyOperation

    abspath = os.path.abspath(path)
    shown = os.path.relpath(abspath)
    module = load(abspath)
    cases = cases_of(module)
    if not cases:
        return [], [f"{shown}: no `async def case_...()` in the file"]
    lines, errors = [], []
    with open(abspath, encoding="utf-8") as fh:
        source = fh.read().splitlines()
    for first, name, fn in cases:
        said = comment_verdict(source, first)
        if said is None:
            errors.append(f"{shown}: {name}: the line above it must be `# blocks: ...` or `# no block: ...`")
            continue
        kwargs = {}
        for param in inspect.signature(fn).parameters.values():
            if param.name in make:
                kwargs[param.name] = make[param.name]()
            elif param.default is inspect.Parameter.empty:
                errors.append(f"{shown}: {name}: parameter `{param.name}` has no default and no fixture")
                break
        else:
            try:
                asyncio.run(fn(**kwargs))
            except SynchronousOnlyOperation as exc:
                line = blocking_line(exc, abspath)
                if line is None:
                    errors.append(f"{shown}: {name}: blocked outside its file:\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
                    continue
                lines.append(line)
                if verbose:
                    print(f"{shown}:{line}: {name}: blocks", file=sys.stderr)
                if not said:
                    errors.append(f"{shown}:{line}: {name}: its comment says `no block`, but Django blocks here")
            except Exception as exc:  # any other failure is a broken case, never a result
                errors.append(f"{shown}: {name}: raised {type(exc).__name__}, not SynchronousOnlyOperation:\n"
                              + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
            else:
                if verbose:
                    print(f"{shown}: {name}: does not block", file=sys.stderr)
                if said:
                    errors.append(f"{shown}: {name}: its comment says `blocks`, but Django ran it without blocking")
    return [f"{shown}:{n}" for n in sorted(set(lines))], errors


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"] or [os.path.join(HERE, "cases")]
    db_dir = tempfile.mkdtemp(prefix="djasync-oracle-")
    try:
        setup_django(db_dir)
        make = fixtures(seed())
        found, errors = [], []
        for path in case_files(args):
            lines, errs = run_file(path, make, verbose)
            found += lines
            errors += errs
    finally:
        shutil.rmtree(db_dir, ignore_errors=True)
    for line in sorted(found, key=lambda s: (s.rsplit(":", 1)[0], int(s.rsplit(":", 1)[1]))):
        print(line)
    for err in errors:
        print(f"oracle: error: {err}", file=sys.stderr)
    return 2 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
