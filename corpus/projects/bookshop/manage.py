#!/usr/bin/env python
"""Command-line entry point for the bookshop project."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bookshop.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError("Django is not installed; run `pip install -r requirements.txt` first.") from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
