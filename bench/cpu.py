"""CPU seconds used by a process tree or by every process of a name (Linux /proc), so that a
benchmark can tell where the machine's time went: the web workers, the database, the driver."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[str, int, float]]:
    """pid → (name, parent pid, CPU seconds incl. reaped children)."""
    found = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        # utime, stime, cutime, cstime are fields 14–17 of stat (11–14 after the name)
        seconds = sum(int(x) for x in fields[11:15]) / TICKS
        found[int(entry.name)] = (name, int(fields[1]), seconds)
    return found


def tree_cpu(root: int) -> float:
    """CPU seconds of ``root`` and all its descendants (gunicorn master and workers)."""
    processes = _processes()
    members, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (_, ppid, _) in processes.items() if ppid == parent]
        members.update(children)
        frontier.extend(children)
    return sum(processes[pid][2] for pid in members if pid in processes)


def named_cpu(name: str) -> float:
    """CPU seconds of every process called ``name`` (e.g. the PostgreSQL server's backends)."""
    return sum(seconds for n, _, seconds in _processes().values() if n == name)


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system
