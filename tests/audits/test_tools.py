"""Audit tools are data, and versioned: editing a tool never changes audits already done with it."""

import pytest

from oversight.audits import services, toolfiles
from oversight.audits.models import Audit, Tool

pytestmark = pytest.mark.django_db

PRACTICE_TOPICS = ["risk", "continuity", "voice", "family", "proportionate", "direct_work", "recording", "management"]


def test_shipped_tools_are_stored_once(db):
    services.sync_tools()
    services.sync_tools()
    assert sorted(Tool.objects.values_list("key", "version")) == [
        ("children_in_care", 1),
        ("domestic_abuse", 1),
        ("practice", 1),
    ]
    practice = Tool.objects.get(key="practice")
    assert [q["key"] for q in practice.questions] == PRACTICE_TOPICS
    assert all(q["guidance"] for q in practice.questions)
    assert practice.scale == ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
    assert Tool.objects.get(key="domestic_abuse").theme == "domestic_abuse"


def test_an_edited_tool_is_a_new_version_and_old_audits_keep_theirs(db, tmp_path, local_config):
    services.sync_tools()
    v1 = Tool.objects.get(key="practice")
    audit = Audit.objects.create(tool=v1, child_id="A1")
    edited = (
        (toolfiles.SHIPPED_DIR / "practice.toml")
        .read_text()
        .replace('key = "management"', 'key = "management"\n# edited locally')
        .replace(
            "Are management decisions and oversight evident and effective?", "Is management oversight on the file?"
        )
    )
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "practice.toml").write_text(edited)
    local_config(f'[audits]\ntool_dirs = ["{tmp_path / "tools"}"]\n')
    services.sync_tools()
    assert list(Tool.objects.filter(key="practice").order_by("version").values_list("version", flat=True)) == [1, 2]
    audit.refresh_from_db()
    assert audit.tool.version == 1
    assert audit.tool.question_text("management") == "Are management decisions and oversight evident and effective?"
    assert services._tool("practice").question_text("management") == "Is management oversight on the file?"


def test_a_changed_scale_is_a_new_version(db, local_config):
    services.sync_tools()
    local_config('[audits]\nscale = ["Strong", "Adequate", "Weak"]\n')
    services.sync_tools()
    assert services._tool("practice").scale == ["Strong", "Adequate", "Weak"]
    assert Tool.objects.get(key="practice", version=1).scale[0] == "Outstanding"


@pytest.mark.parametrize(
    "text,words",
    [
        ('key = "x"\nname = "X"\nkind = "practice"\n', "at least one [[questions]]"),
        ('key = "Bad Key"\nname = "X"\nkind = "practice"\n', "lower-case"),
        ('key = "x"\nname = "X"\nkind = "wizardry"\n[[questions]]\nkey = "a"\ntext = "A?"\n', "kind 'wizardry'"),
        ('key = "x"\nname = "X"\nkind = "thematic"\n[[questions]]\nkey = "a"\ntext = "A?"\n', "'theme'"),
        (
            'key = "x"\nname = "X"\nkind = "practice"\n[[questions]]\nkey = "a"\ntext = "A?"\n[[questions]]\nkey = "a"\ntext = "B?"\n',
            "different",
        ),
        ("this is = not toml [", "not a valid UTF-8 TOML"),
    ],
)
def test_a_bad_tool_file_is_refused_naming_the_file(db, tmp_path, local_config, text, words):
    (tmp_path / "mine.toml").write_text(text)
    local_config(f'[audits]\ntool_dirs = ["{tmp_path}"]\n')
    with pytest.raises(services.AuditError) as exc:
        services.sync_tools()
    assert "mine.toml" in str(exc.value) and words in str(exc.value)
    assert not Tool.objects.exists()


def test_tools_command_lists_current_versions(db, run_json):
    status, rows, _ = run_json("audits", "tools")
    assert status == 0
    assert {(r["key"], r["version"], r["questions"]) for r in rows} == {
        ("children_in_care", 1, 8),
        ("domestic_abuse", 1, 6),
        ("practice", 1, 8),
    }


def test_tools_page_lists_questions_with_guidance(db, make_user):
    from django.test import Client

    from oversight.accounts import roles

    client = Client()
    client.force_login(make_user(roles.AUDITOR, "aud"))
    html = client.get("/audits/tools/").content.decode()
    assert "Practice audit" in html and "version 1" in html
    assert "Is the help proportionate to the risk?" in html and "Neither too much nor too little" in html
