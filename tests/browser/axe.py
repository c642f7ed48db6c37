"""axe-core (from its npm package, copied to var/axe by `make static`) run on a page in the browser tests."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "var" / "axe" / "axe.min.js"
# WCAG 2.2 A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def install(context) -> None:
    """Load axe into every page of CONTEXT before the page's own scripts (an init script, so the CSP allows it)."""
    if not AXE.exists():
        raise AssertionError(f"No axe-core at {AXE}: run `make static` (it copies it from frontend/node_modules)")
    context.add_init_script(path=str(AXE))


def violations(page) -> list[str]:
    """Every axe violation on PAGE, one line each: rule, impact, and the first offending elements."""
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        TAGS,
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}" for v in found]
