"""The import graph of the project's own code has no circle: the layers of `make lint`
(import-linter, pyproject.toml) keep the apps and the register one-way; this keeps every other
module one-way too, so a newcomer can read any app from its leaves up."""

import grimp

APPS = [
    "config",
    "home",
    "chrome",
    "register",
    "news",
    "search",
    "contact",
    "infrastructure",
    "demo",
]


def import_circles(graph: grimp.ImportGraph) -> list[set[str]]:
    """Strongly connected groups of two or more modules (Tarjan's algorithm, iteratively)."""
    modules = sorted(m for m in graph.modules if ".migrations" not in m)
    imports = {
        m: sorted(graph.find_modules_directly_imported_by(m) & set(modules)) for m in modules
    }
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []
    for root in modules:
        if root in order:
            continue
        work = [(root, iter(imports[root]))]
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, pending = work[-1]
            for imported in pending:
                if imported not in order:
                    order[imported] = low[imported] = len(order)
                    stack.append(imported)
                    on_stack.add(imported)
                    work.append((imported, iter(imports[imported])))
                    break
                if imported in on_stack:
                    low[module] = min(low[module], order[imported])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[module])
                if low[module] == order[module]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == module:
                            break
                    if len(group) > 1:
                        circles.append(group)
    return circles


def test_no_module_of_the_project_imports_itself_back_through_others():
    assert import_circles(grimp.build_graph(*APPS)) == []


def test_the_circle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for importer, imported in [("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")]:
        graph.add_import(importer=importer, imported=imported)
    assert import_circles(graph) == [{"a.x", "a.y", "a.z"}]
