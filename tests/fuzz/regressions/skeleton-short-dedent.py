#!/usr/bin/env python
"""Command-line entry point for the bookshop project."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bookshop.settings")
    try:
        from jagndo.core.management import execute_from_command_line
   main()
