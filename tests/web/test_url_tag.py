"""The remembering `{% url %}` tag (oversight.web.templatetags.urls) writes what Django's tag writes."""

import pytest
from django.template import Context, Engine, Template
from django.test import RequestFactory
from django.urls import NoReverseMatch, clear_script_prefix, set_script_prefix

from oversight.web.templatetags import urls

SOURCE = (
    "{% url 'people:child' child %}|{% url 'people:children' %}|{% url 'people:child' 'a b/<c>' %}"
    "|{% url 'people:child' child as link %}[{{ link }}]|{% url 'nothing:here' as missing %}[{{ missing }}]"
)


def django_only() -> Engine:
    """An engine with Django's own tag (our builtin left out)."""
    return Engine(app_dirs=True, libraries={}, builtins=[])


def test_same_output_as_djangos_tag_and_remembered():
    urls._urls.clear()
    ours = Template(SOURCE).render(Context({"child": "1000001"}))
    theirs = django_only().from_string(SOURCE).render(Context({"child": "1000001"}))
    assert ours == theirs
    assert ours.startswith("/children/1000001/|/children/|/children/a%20b/%3Cc%3E/|")
    assert any(key[0] == "people:child" and key[1] == ((str, "1000001"),) for key in urls._urls)
    # Asked again, the remembered answer is the same.
    assert Template(SOURCE).render(Context({"child": "1000001"})) == ours


def test_an_int_and_a_str_of_the_same_digits_are_kept_apart():
    urls._urls.clear()
    assert urls.cached_reverse("people:child", ["7"], {}, None) == urls.cached_reverse("people:child", [7], {}, None)
    assert len(urls._urls) == 2


def test_script_prefix_is_part_of_the_key():
    urls._urls.clear()
    try:
        set_script_prefix("/oversight/")
        under = urls.cached_reverse("people:children", [], {}, None)
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    assert under == "/oversight/children/"
    assert urls.cached_reverse("people:children", [], {}, None) == "/children/"


def test_an_unknown_view_still_fails_loudly():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'nothing:here' %}").render(Context({}))


def test_objects_as_arguments_are_not_remembered():
    class Id:
        def __str__(self):
            return "42"

    urls._urls.clear()
    request = RequestFactory().get("/")
    assert Template("{% url 'people:child' x %}").render(Context({"x": Id(), "request": request})) == "/children/42/"
    assert not urls._urls
