"""The results as tables: measurements per server, mockserver's ratios against the alternatives
(mockserver's value divided by theirs), and mockserver's SSE streams."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MOCKSERVERS = ("mockserver-scripted", "mockserver-simulated")
ALTERNATIVES = ("prism", "wiremock")


@dataclass(frozen=True, slots=True)
class Metric:
    key: str
    title: str
    higher_is_better: bool
    read: Callable[[dict[str, Any]], Any]


METRICS = (
    Metric("rps", "JSON throughput (req/s)", True, lambda r: r["json"]["rps"]),
    Metric("p50_ms", "JSON latency p50 (ms)", False, lambda r: r["json"]["p50_ms"]),
    Metric("p99_ms", "JSON latency p99 (ms)", False, lambda r: r["json"]["p99_ms"]),
    Metric("cpu_ms", "server CPU per request (ms)", False, lambda r: r["cpu_ms_per_request"]),
    Metric("rss_peak_mb", "peak RSS under JSON load (MiB)", False, lambda r: r["rss_peak_mb"]),
    Metric("rss_idle_mb", "RSS after start-up (MiB)", False, lambda r: r["rss_idle_mb"]),
    Metric("startup_s", "start-up to first answer (s)", False, lambda r: r["startup_s"]),
)


def value(result: dict[str, Any] | None, metric: Metric) -> float | None:
    if not result or "error" in result:
        return None
    try:
        found = metric.read(result)
    except (KeyError, TypeError):
        return None
    return float(found) if isinstance(found, int | float) else None


def ratios(targets: dict[str, dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """``{"mockserver-scripted/prism": {"rps": 0.8, ...}, ...}`` for the servers measured."""
    table: dict[str, dict[str, float | None]] = {}
    for ours in MOCKSERVERS:
        for theirs in ALTERNATIVES:
            if ours not in targets or theirs not in targets:
                continue
            row: dict[str, float | None] = {}
            for metric in METRICS:
                a, b = value(targets[ours], metric), value(targets[theirs], metric)
                row[metric.key] = round(a / b, 3) if a is not None and b else None
            table[f"{ours}/{theirs}"] = row
    return table


def _cell(number: float | None, digits: int = 1) -> str:
    if number is None:
        return "n/a"
    if 0 < abs(number) < 1:
        digits = max(digits, 3)
    return f"{number:,.{digits}f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def markdown(document: dict[str, Any]) -> str:
    targets: dict[str, dict[str, Any]] = document["targets"]
    machine = document["machine"]
    settings = document["settings"]
    lines = [
        "# mockserver benchmark",
        "",
        f"- date: {document['date']}",
        f"- machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory_gib']} GiB, "
        f"{machine['kernel']}; load average {machine['loadavg_before']} before, "
        f"{machine['loadavg_after']} after (the machine is shared: read the ratios, not "
        "the absolute numbers)",
        f"- versions: {', '.join(f'{k} {v}' for k, v in document['versions'].items())}",
        f"- JSON load: wrk, 1 thread, {settings['connections']} connections, "
        f"{settings['warmup_s']:g} s warm-up then {settings['duration_s']:g} s measured"
        + (" (--quick)" if settings["quick"] else ""),
        "",
        "## Measurements",
        "",
    ]
    names = list(targets)
    rows = [
        [metric.title, *(_cell(value(targets[name], metric), 2) for name in names)]
        for metric in METRICS
    ]
    rounds = [
        ", ".join(f"{rps:,.0f}" for rps in targets[name].get("json_rounds_rps", [])) or "n/a"
        for name in names
    ]
    rows.append(["JSON throughput per round (req/s)", *rounds])
    lines += _table(["metric", *names], rows)
    problems = [
        f"- {name}: {result['error']}" for name, result in targets.items() if "error" in result
    ]
    for name, result in targets.items():
        if "error" in result:
            continue
        if not result["answer_ok"]:
            problems.append(f"- {name}: answered {result['answer']!r}, not the spec's example")
        failed = result["json"]["socket_errors"] + result["json"]["non_2xx"]
        if failed:
            problems.append(f"- {name}: {failed} failed requests in the reported JSON round")
        if "sse_error" in result:
            problems.append(f"- {name}: SSE: {result['sse_error']}")
    if problems:
        lines += ["", "Problems:", *problems]
    table = ratios(targets)
    if table:
        lines += ["", "## Ratios: mockserver ÷ alternative", ""]
        rows = [
            [
                metric.title,
                "higher" if metric.higher_is_better else "lower",
                *(_cell(table[pair][metric.key], 2) for pair in table),
            ]
            for metric in METRICS
        ]
        header = [
            "metric",
            "mockserver better when",
            *(pair.replace("mockserver-", "") for pair in table),
        ]
        lines += _table(header, rows)
    sse_rows = []
    for name, result in targets.items():
        for streams, sse in (result.get("sse") or {}).items():
            first, total = sse.get("first_event_ms", {}), sse.get("total_ms", {})
            sse_rows.append(
                [
                    name,
                    streams,
                    f"{sse['completed']}/{sse['streams']}",
                    f"{_cell(first.get('p50'))} / {_cell(first.get('p99'))}",
                    f"{_cell(total.get('p50'))} / {_cell(total.get('p99'))}",
                    _cell(sse["wall_ms"]),
                    _cell(result.get("rss_peak_sse_mb")),
                ]
            )
    if sse_rows:
        ideal = settings["stream_ticks"] * settings["stream_tick_ms"]
        lines += [
            "",
            f"## SSE streams (mockserver only): {settings['stream_ticks']} chunks "
            f"{settings['stream_tick_ms']} ms apart, {ideal} ms when nothing waits",
            "",
        ]
        header = ["server", "streams", "completed", "first event p50 / p99 (ms)"]
        header += [
            "stream total p50 / p99 (ms)",
            "all streams done (ms)",
            "peak RSS after all (MiB)",
        ]
        lines += _table(header, sse_rows)
    burst = (targets.get("mockserver-simulated") or {}).get("sse_burst")
    if burst:
        first, total = burst.get("first_event_ms", {}), burst.get("total_ms", {})
        lines += [
            "",
            f"## SSE burst: {burst['streams']} concurrent streams of `sleep 1; echo done` "
            "(simulated engine)",
            "",
        ]
        lines += _table(
            ["completed", "first event p50 / p99 (ms)", "stream p50 / p99 (ms)", "all done (ms)"],
            [
                [
                    f"{burst['completed']}/{burst['streams']}",
                    f"{_cell(first.get('p50'))} / {_cell(first.get('p99'))}",
                    f"{_cell(total.get('p50'))} / {_cell(total.get('p99'))}",
                    _cell(burst["wall_ms"]),
                ]
            ],
        )
    return "\n".join(lines) + "\n"
