"""The public catalogue, loaded from the data file shipped with the service."""

from __future__ import annotations

import json
from pathlib import Path

from intake.domain import ServiceItem, UnknownItem

DEFAULT_PATH = Path(__file__).with_name("catalogue.json")


class Catalogue:
    def __init__(self, items: dict[str, ServiceItem]):
        self._items = items

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Catalogue:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls({entry["code"]: ServiceItem(**entry) for entry in raw["items"]})

    def get(self, code: str) -> ServiceItem:
        try:
            return self._items[code]
        except KeyError:
            raise UnknownItem(f"目录中没有事项 {code} (no catalogue item {code})") from None
