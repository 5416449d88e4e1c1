"""JSON Schema export of the bank format, for editor completion and checking."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from quizengine.bank.models import BankFile, ResourcesFile, RolesFile, TaxonomyFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "bank": BankFile,
    "taxonomy": TaxonomyFile,
    "resources": ResourcesFile,
    "roles": RolesFile,
}


def schema_for(name: str) -> dict[str, object]:
    schema = SCHEMAS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"quizengine {name} file"
    return schema


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = out_dir / f"{name}.schema.json"
        path.write_text(json.dumps(schema_for(name), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
