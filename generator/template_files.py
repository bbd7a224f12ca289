"""Where the templates are read from.

An installed generator carries them inside its package (the wheel ships
`templates/` as package data, `generator/templates/`); a source checkout or an
editable install reads the repository's `templates/` beside the package.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["TEMPLATES"]

_PACKAGE = Path(__file__).resolve().parent
_PLACES = (_PACKAGE / "templates", _PACKAGE.parent / "templates")
# Neither there: rendering then fails as an internal error naming the first place.
TEMPLATES = next((place for place in _PLACES if place.is_dir()), _PLACES[0])
