"""Test helpers for code built on agenthub.

* :data:`script` — builders for the ``scripted`` model's input (``script.text``,
  ``script.tool``, ``script.ask``, ``script.fail``, ``script.think``, ``script.file``,
  ``script.sleep``, ``script.stream``, ``script.json``, ``script.log``, ``script.retry``,
  ``script.error``, ``script.skill``); see docs/scripted-model.md.
* :class:`FaultInjector` — the object the ``agenthub_faults`` fixture yields.
* The pytest plugin (:mod:`agenthub.testing.plugin`, loaded automatically by pytest) with
  the fixtures ``agenthub_server``, ``hub``, ``async_hub``, ``agenthub_faults``; see
  docs/testing.md. This package itself does not import pytest.
"""

from ._faults import FaultInjector
from ._script import Script, ScriptBuilder, script

__all__ = ["FaultInjector", "Script", "ScriptBuilder", "script"]
