"""axe-core (bundled by axe-playwright-python) run in the page, with a readable report."""

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Best-practice rules that check what the site promises besides WCAG's own rules:
# one main landmark, content inside landmarks, one h1, headings in order, a working skip link.
STRUCTURE_RULES = [
    "landmark-one-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-unique",
    "region",
    "page-has-heading-one",
    "heading-order",
    "skip-link",
]


def violations(page: Page) -> list[dict]:
    """The axe violations of the page, for the WCAG 2.0/2.1 A and AA rules and STRUCTURE_RULES."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        """([tags, extra]) => {
            const rules = axe.getRules(tags).map((rule) => rule.ruleId).concat(extra);
            return axe.run(document, {
                runOnly: {type: "rule", values: rules},
                resultTypes: ["violations"],
            });
        }""",
        [WCAG_TAGS, STRUCTURE_RULES],
    )
    return results["violations"]


def report(found: list[dict], where: str) -> str:
    """One paragraph per rule broken: the rule, why it matters, each element and what to fix."""
    lines = [f"{len(found)} accessibility rule(s) broken on {where}:"]
    for violation in found:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{', '.join(tag for tag in violation['tags'] if tag.startswith('wcag'))}] "
            f"{violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    element {' '.join(node['target'])}: {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"      {summary[:400]}")
    return "\n".join(lines)
