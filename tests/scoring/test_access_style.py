"""One access style in every app: a getter scopes to what the user sees, and a write check is
asked for with the keyword-only flag `write` (or through a getter of its own). No free string
says what is checked, so a typo fails loudly instead of falling back to a read check."""

import inspect

import pytest

from clusters import access as clusters_access
from clusters.movements import access as movements_access
from reports import access as reports_access
from scoring import access as scoring_access

MODULES = (clusters_access, movements_access, scoring_access, reports_access)
GETTERS = [
    (module.__name__, name, function)
    for module in MODULES
    for name, function in inspect.getmembers(module, inspect.isfunction)
    if function.__module__ == module.__name__
    and name.startswith("get_")
    and name.endswith("_for_user")
]


def test_every_access_module_has_getters():
    assert {module for module, _name, _function in GETTERS} == {m.__name__ for m in MODULES}


@pytest.mark.parametrize(("module", "name", "function"), GETTERS)
def test_a_getter_takes_no_free_keywords_and_write_is_a_flag(module, name, function):
    parameters = inspect.signature(function).parameters.values()
    assert not [p for p in parameters if p.kind is p.VAR_KEYWORD], f"{module}.{name}: **kwargs"
    keywords = {p.name: p for p in parameters if p.kind is p.KEYWORD_ONLY}
    assert "action" not in keywords and "mode" not in keywords, f"{module}.{name}"
    if "write" in keywords:
        assert keywords["write"].default is False, f"{module}.{name}: write defaults to False"
        assert keywords["write"].annotation in (bool, "bool"), f"{module}.{name}: write: bool"


def test_a_mistyped_write_flag_is_refused():
    with pytest.raises(TypeError):
        scoring_access.get_criterion_for_user(None, 1, wirte=True)
    with pytest.raises(TypeError):
        clusters_access.get_year_for_user(None, 1, writ=True)
