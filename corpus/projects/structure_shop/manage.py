#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")  # ok: DJA221
    if "shell" in sys.argv or "shell_plus" in sys.argv:
        # ruleid: DJA221
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
