"""The documentation is complete in a fresh clone: no pointer to a file outside the repository
or to one that is not there (the README used to send readers to ../shared/DESIGN.md)."""

import os
import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "var", "artifacts", "static", "staticfiles", ".git"}


def documents() -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(BASE_DIR):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED]
        found += [Path(folder) / name for name in files if name.endswith(".md")]
    return sorted(found)


DOCUMENTS = documents()
LINK = re.compile(r"\]\(([^)\s]+)\)")  # [text](target)
RELATIVE_PATH = re.compile(r"`(\.\./[^`\s]*)`")  # `../somewhere`


def file_references(text: str) -> list[str]:
    targets = LINK.findall(text) + RELATIVE_PATH.findall(text)
    return [
        target.split("#")[0]
        for target in targets
        if not re.match(r"[a-z]+:|#", target)  # web addresses, mail, anchors in the page
    ]


def test_the_documents_are_found():
    assert BASE_DIR / "README.md" in DOCUMENTS
    assert BASE_DIR / "docs" / "backup.md" in DOCUMENTS


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_every_file_a_document_points_to_is_in_the_repository(document):
    for target in file_references(document.read_text()):
        resolved = (document.parent / target).resolve()
        assert resolved.is_relative_to(BASE_DIR), f"{target} is outside the repository"
        assert resolved.exists(), f"{target} does not exist"
