"""A deterministic 2-D layout computed in Python, so the browser never has to run physics on a big graph.

networkx's spring layout needs scipy for 500+ nodes and is O(n²) per iteration; instead the most connected
``CORE`` nodes get a real (dense, numpy) spring layout and every other node is placed on a sunflower
spiral around its first already-placed neighbour, breadth-first. That is O(n), takes well under a second
for thousands of nodes, and reads well for event graphs, which are hub-and-spoke (actors and documents are
hubs, events their spokes). Components the core does not reach are laid out the same way on a grid beside
it. Seeded and sorted throughout: the same graph always gives the same coordinates.
"""

from __future__ import annotations

import math
from collections import deque

import networkx as nx

CORE = 300
SEED = 7
_GOLDEN = math.pi * (3 - math.sqrt(5))


def _spring(g: nx.Graph, scale: float) -> dict[str, tuple[float, float]]:
    if g.number_of_nodes() == 1:
        return {next(iter(g.nodes)): (0.0, 0.0)}
    # Below 500 nodes networkx uses its dense numpy solver, which needs no scipy.
    pos = nx.spring_layout(g, seed=SEED, iterations=80, scale=scale)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def layout(g: nx.Graph) -> dict[str, tuple[int, int]]:
    """Integer coordinates (vis-network pixels) for every node of the undirected graph ``g``."""
    n = g.number_of_nodes()
    if n == 0:
        return {}
    nodes = sorted(g.nodes)
    # Rebuild with sorted nodes and edges: networkx results depend on insertion order.
    h = nx.Graph()
    h.add_nodes_from(nodes)
    h.add_edges_from(sorted(tuple(sorted(e)) for e in g.edges()))
    if n <= CORE:
        pos = _spring(h, scale=60 * math.sqrt(n) + 120)
        return {k: (round(x), round(y)) for k, (x, y) in pos.items()}

    by_degree = sorted(nodes, key=lambda v: (-h.degree(v), v))
    core = by_degree[:CORE]
    # The core graph built in sorted order: a subgraph view of a few nodes iterates them in set order, which
    # changes from process to process (string hashing), and the spring layout depends on the node order.
    core_graph = nx.Graph()
    core_graph.add_nodes_from(sorted(core))
    core_graph.add_edges_from(sorted(tuple(sorted(e)) for e in h.subgraph(core).edges()))
    pos = _spring(core_graph, scale=45 * math.sqrt(n))
    spokes: dict[str, int] = {}  # satellites placed around each anchor so far

    def place_around(anchor: str, v: str) -> None:
        k = spokes.get(anchor, 0)
        spokes[anchor] = k + 1
        radius = 45 + 16 * math.sqrt(k)
        ax, ay = pos[anchor]
        pos[v] = (ax + radius * math.cos(k * _GOLDEN), ay + radius * math.sin(k * _GOLDEN))

    def spread(frontier: list[str]) -> None:
        queue = deque(frontier)
        while queue:
            u = queue.popleft()
            for w in sorted(h.neighbors(u)):
                if w not in pos:
                    place_around(u, w)
                    queue.append(w)

    spread(sorted(core, key=lambda v: (-h.degree(v), v)))
    # Components the core does not reach: a grid to the right, each grown from its best-connected node.
    rest = [v for v in by_degree if v not in pos]
    if rest:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        x0, y0, cell = max(xs) + 300, min(ys), 260
        cols = max(1, int(math.sqrt(len(rest)) // 2) + 1)
        slot = 0
        for v in rest:
            if v in pos:
                continue
            pos[v] = (x0 + (slot % cols) * cell, y0 + (slot // cols) * cell)
            slot += 1
            spread([v])
    return {k: (round(x), round(y)) for k, (x, y) in pos.items()}
