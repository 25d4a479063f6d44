"""Small helpers: mostly pure string work, plus the archive file helpers."""
import os
import re

from django.conf import settings

WORD_RE = re.compile(r"\w+")


def reading_minutes(body):
    return max(1, len(WORD_RE.findall(body)) // 200)


def normalise_whitespace(text):
    return " ".join(text.split())


def archive_path(slug):
    return os.path.join(settings.NEWS_ARCHIVE_DIR, f"{slug}.txt")


def read_text_file(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def append_audit_line(line):
    with open(settings.AUDIT_LOG, "a", encoding="utf-8") as fh:
        fh.write(line.rstrip() + "\n")


def render_block(block, depth=0):
    """Mutually recursive with render_children; pure string building."""
    head = "  " * depth + block.get("text", "")
    return "\n".join([head] + render_children(block, depth + 1))


def render_children(block, depth):
    return [render_block(child, depth) for child in block.get("children", [])]


class ArchiveWriter:
    """Creating one makes the archive folder: the constructor itself blocks."""

    def __init__(self, slug):
        self.path = archive_path(slug)
        os.makedirs(os.path.dirname(self.path), exist_ok=True)

    def write(self, body):
        with open(self.path, "w", encoding="utf-8") as fh:
            fh.write(body)
        return self.path
