"""Issue 12 point 10: every date and time field of every service schema is one of the ranged fields
of ``web_api.dates``, so a date a user gives outside 2000-01-01..2099-12-31 is a 422, never a 500
(or a leave from the year 1). A new ``fields.Date`` anywhere fails this test."""

import importlib
import inspect
import pkgutil

from marshmallow import Schema, fields

from web_api.dates import RANGED_FIELDS

SERVICE_PACKAGES = ("intake", "joint_review", "complaints", "notify")
TEMPORAL = (fields.Date, fields.DateTime, fields.Time, fields.TimeDelta)


def service_schemas() -> dict[str, type[Schema]]:
    """Every marshmallow schema class defined in a module of the services (migrations aside)."""
    found = {}
    for package_name in SERVICE_PACKAGES:
        package = importlib.import_module(package_name)
        for module_info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if ".migrations" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, Schema) and value.__module__ == module.__name__:
                    found[f"{module.__name__}.{name}"] = value
    return found


def temporal_fields(field, path: str):
    """``(path, field)`` for every date/time field in ``field``, through lists, tuples, dicts and nesting."""
    if isinstance(field, TEMPORAL):
        yield path, field
    inner = []
    if isinstance(field, fields.List):
        inner.append(("[]", field.inner))
    if isinstance(field, fields.Tuple):
        inner.extend((f"[{n}]", item) for n, item in enumerate(field.tuple_fields))
    if isinstance(field, fields.Dict) and field.value_field is not None:
        inner.append(("{}", field.value_field))
    for suffix, item in inner:
        yield from temporal_fields(item, path + suffix)
    if isinstance(field, fields.Nested):
        for name, child in field.schema.declared_fields.items():
            yield from temporal_fields(child, f"{path}.{name}")


def unranged(schemas: dict[str, type[Schema]]) -> tuple[int, list[str]]:
    checked, wrong = 0, []
    for schema_path, schema_class in schemas.items():
        for name, field in schema_class._declared_fields.items():
            for path, found in temporal_fields(field, f"{schema_path}.{name}"):
                checked += 1
                if not isinstance(found, RANGED_FIELDS):
                    wrong.append(f"{path}: {type(found).__name__}")
    return checked, wrong


def test_every_date_field_of_every_service_schema_is_ranged():
    checked, wrong = unranged(service_schemas())
    assert checked > 40  # the walk reaches the schemas (about 70 date fields today)
    assert wrong == [], "use web_api.dates.Day / Moment / AwareMoment:\n" + "\n".join(wrong)


def test_the_walk_finds_a_plain_date_even_inside_a_list_or_a_nested_schema():
    class Inner(Schema):
        at = fields.AwareDateTime()

    class Outer(Schema):
        days = fields.List(fields.Date())
        inner = fields.Nested(Inner)

    checked, wrong = unranged({"Outer": Outer})
    assert (checked, sorted(wrong)) == (2, ["Outer.days[]: Date", "Outer.inner.at: AwareDateTime"])
