"""Handle fields and ``agenthub.types`` follow the contract with no hand edit: the generated
``SessionFields`` (scripts/render_views.py) has exactly the ``Session`` schema's properties,
typed as the model's fields, and the session handles inherit them; ``agenthub.types``
re-exports every generated model."""

from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path

import pytest
import yaml
from agenthub_openapi import models
from agenthub_openapi.models import Session as SessionModel
from agenthub_openapi.views import SESSION_FIELDS, SessionFields

import agenthub.types
from agenthub import AgentHub, AsyncSession, Session

from . import SPEC_PATH, load_generate_script, resolve, spec


def _schema_properties() -> dict[str, typing.Any]:
    props: dict[str, typing.Any] = spec()["components"]["schemas"]["Session"]["properties"]
    return props


def test_session_fields_are_the_schema_properties() -> None:
    props = _schema_properties()
    assert list(SESSION_FIELDS) == list(props)
    own = [n for n, v in vars(SessionFields).items() if isinstance(v, property)]
    assert own == list(props)


@pytest.mark.parametrize("handle", [AsyncSession, Session])
def test_handles_have_every_field_as_their_own_property(handle: type) -> None:
    for name in SESSION_FIELDS:
        # in the class's own namespace (copied by SessionFields.__init_subclass__), so pdoc
        # documents it on the handle, and the very property generated from the schema
        assert vars(handle)[name] is vars(SessionFields)[name], name
        assert name in dir(handle)


def test_field_types_are_the_model_types() -> None:
    """Each property returns the model field's type; a field that is an open enum
    (``Literal[...] | str``) is typed ``str``, the same set of values."""
    model_hints = typing.get_type_hints(SessionModel)
    props = _schema_properties()
    for name in SESSION_FIELDS:
        returned = typing.get_type_hints(vars(SessionFields)[name].fget)["return"]
        if resolve(props[name]).get("enum"):
            assert returned is str, name
        else:
            assert returned == model_hints[name], name


def test_field_docstrings_come_from_the_contract() -> None:
    for name, prop in _schema_properties().items():
        doc = inspect.getdoc(vars(SessionFields)[name]) or ""
        description = prop.get("description") or resolve(prop).get("description")
        if description:
            assert " ".join(doc.split()).startswith(" ".join(description.split())), name
        else:
            assert doc, name


def test_a_session_handle_reads_every_field_from_its_data(hub: AgentHub) -> None:
    agent = hub.agents.create(name="views", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, labels={"team": "risk"})
    session.prompt("hello")
    session.refresh()
    for name in SESSION_FIELDS:
        assert getattr(session, name) == getattr(session.data, name), name
    assert session.labels["team"] == "risk" and session.turn_count == 1


@pytest.mark.slow  # a drill: one full generation from an edited contract
@pytest.mark.timeout(120)
def test_a_property_added_to_the_schema_appears_in_the_views(tmp_path: Path) -> None:
    doc = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    session = doc["components"]["schemas"]["Session"]
    session["properties"]["priority"] = {
        "type": ["integer", "null"],
        "description": "Scheduling priority (higher runs first).",
    }
    session["required"].append("priority")
    edited = tmp_path / "agenthub.yaml"
    edited.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    work = tmp_path / "out"
    work.mkdir()
    gen = load_generate_script()
    gen.generate_openapi(edited, work / "agenthub_openapi")
    gen.generate_extra_modules(edited, work / "agenthub_openapi")

    tree = ast.parse((work / "agenthub_openapi" / "views.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "SessionFields")
    props = {
        f.name: f
        for f in cls.body
        if isinstance(f, ast.FunctionDef)
        and any(ast.unparse(d) == "property" for d in f.decorator_list)
    }
    assert list(props) == [*SESSION_FIELDS, "priority"]
    priority = props["priority"]
    assert priority.returns is not None and ast.unparse(priority.returns) == "int | None"
    assert ast.get_docstring(priority) == "Scheduling priority (higher runs first)."


def test_agenthub_types_reexports_every_generated_model() -> None:
    for name in models.__all__:
        assert getattr(agenthub.types, name) is getattr(models, name), name
    assert agenthub.types.SessionModel is agenthub.types.Session is SessionModel
    assert agenthub.types.TurnModel is agenthub.types.Turn is models.Turn
