"""The arithmetic of `make chaos`: recorded outcomes in, figures and pass/fail goals out.

Pure functions over plain records (no Neo4j, no HTTP), so that
tests/test_chaos_parts.py checks the numbers the report prints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# A failure is acceptable when every code it carries is one of these: the database was
# away or slow (tell the client to retry), or the client went too fast.
ALLOWED_FAILURE_CODES = frozenset({"SERVICE_UNAVAILABLE", "TIMEOUT", "RATE_LIMITED"})
RECOVERY_GOAL_S = 5.0

# The GraphQL payload field of each operation, and the field holding the written record.
PAYLOAD = {"register": ("registerStakeholder", "stakeholder"),
           "addCredential": ("addCredential", "credential"),
           "updateStakeholder": ("updateStakeholder", "stakeholder")}


@dataclass(frozen=True)
class Outcome:
    """One request as the client saw it; times are seconds since the load started."""

    op: str
    worker: int
    started_s: float
    ended_s: float
    status: int | None            # None: no HTTP response at all
    transport: str | None = None  # the httpx exception's class when no response came
    detail: str | None = None     # its message, or the start of a body that is not JSON
    top_codes: tuple[str, ...] = ()
    payload_codes: tuple[str, ...] = ()
    acked_id: str | None = None   # the written record's id: the API said "done"
    client_port: int | None = None  # our end of the connection, as uvicorn's access log shows

    @property
    def acknowledged(self) -> bool:
        return self.acked_id is not None

    @property
    def codes(self) -> tuple[str, ...]:
        return self.top_codes + self.payload_codes

    @property
    def kind(self) -> str:
        """A short label of what happened, for grouping."""
        if self.acknowledged:
            return "ok"
        if self.status is None:
            return f"transport {self.transport}"
        codes = ",".join(sorted(set(self.codes))) or "no code"
        return f"HTTP {self.status} {codes}"


@dataclass
class Kill:
    """One SIGKILL of Neo4j and its restart; times are seconds since the load started."""

    at_s: float
    pid: int
    ready_s: float | None = None  # Bolt answered again (LocalNeo4j.start returned)
    listening_s: float | None = None  # the Bolt port accepted TCP again
    restart_error: str | None = None


def outcome_from_body(op: str, worker: int, started_s: float, ended_s: float, status: int,
                      body: Any, client_port: int | None = None) -> Outcome:
    """Reads a GraphQL response: top-level codes, payload codes, and the id if acknowledged.

    `body` is the decoded JSON, or a string when the response was not JSON (Starlette's
    plain "Internal Server Error", for one).
    """
    if not isinstance(body, dict):
        return Outcome(op, worker, started_s, ended_s, status, detail=str(body)[:200],
                       client_port=client_port)
    top = tuple(_code(e) for e in body.get("errors") or [])
    field_name, entity = PAYLOAD[op]
    payload = (body.get("data") or {}).get(field_name) or {}
    payload_codes = tuple(_code(e) for e in payload.get("errors") or [])
    record = payload.get(entity) or {}
    acked = record.get("id") if status == 200 and not top and not payload_codes else None
    return Outcome(op, worker, started_s, ended_s, status, top_codes=top,
                   payload_codes=payload_codes, acked_id=acked, client_port=client_port)


def _code(error: Any) -> str:
    if not isinstance(error, dict):
        return "NO_CODE"
    code = error.get("code") or (error.get("extensions") or {}).get("code")
    return str(code) if code else "NO_CODE"


def failure_is_allowed(outcome: Outcome) -> bool:
    """A failure that tells the client what to do: it has codes, and only allowed ones."""
    return bool(outcome.codes) and set(outcome.codes) <= ALLOWED_FAILURE_CODES


@dataclass
class Recovery:
    kill_at_s: float
    ready_s: float | None
    first_ack_s: float | None  # end of the first acknowledged write sent after the kill

    @property
    def after_ready_s(self) -> float | None:
        """Neo4j ready -> first acknowledged write. Slightly negative when the API got in
        before our readiness probe (it polls every 0.5 s)."""
        if self.ready_s is None or self.first_ack_s is None:
            return None
        return round(self.first_ack_s - self.ready_s, 2)

    @property
    def outage_s(self) -> float | None:
        """Kill -> first acknowledged write: the outage as clients saw it."""
        return None if self.first_ack_s is None else round(self.first_ack_s - self.kill_at_s, 2)


def recoveries(outcomes: Sequence[Outcome], kills: Sequence[Kill]) -> list[Recovery]:
    """Per kill, the first acknowledged write that was sent after it.

    A write sent after the kill can only succeed once Neo4j is back, so its end marks the
    API's recovery; writes in flight at the kill do not count.
    """
    acked = sorted((o for o in outcomes if o.acknowledged), key=lambda o: o.ended_s)
    result = []
    for kill in kills:
        first = next((o.ended_s for o in acked if o.started_s >= kill.at_s), None)
        result.append(Recovery(kill.at_s, kill.ready_s, first))
    return result


@dataclass
class Goal:
    name: str
    target: str
    value: str
    passed: bool


@dataclass
class Summary:
    requests: int
    by_op: dict[str, int]
    acknowledged: int
    acknowledged_by_op: dict[str, int]
    lost: int
    lost_ids: list[str]
    committed_unacknowledged: int
    status_counts: dict[str, int]
    transport_errors: dict[str, int]
    top_codes: dict[str, int]
    payload_codes: dict[str, int]
    kinds: dict[str, int]
    disallowed_failures: int
    recoveries: list[dict[str, Any]]
    goals: list[Goal] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.goals)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "passed": self.passed}


def summarize(outcomes: Sequence[Outcome], kills: Sequence[Kill], lost_ids: Iterable[str],
              committed_unacknowledged: int = 0) -> Summary:
    """The figures of one run. `lost_ids` are acknowledged ids the graph does not hold."""
    lost = sorted(set(lost_ids))
    statuses = Counter("none" if o.status is None else str(o.status) for o in outcomes)
    recs = recoveries(outcomes, kills)
    summary = Summary(
        requests=len(outcomes),
        by_op=dict(Counter(o.op for o in outcomes)),
        acknowledged=sum(o.acknowledged for o in outcomes),
        acknowledged_by_op=dict(Counter(o.op for o in outcomes if o.acknowledged)),
        lost=len(lost),
        lost_ids=lost[:100],
        committed_unacknowledged=committed_unacknowledged,
        status_counts=dict(sorted(statuses.items())),
        transport_errors=dict(Counter(o.transport for o in outcomes if o.transport)),
        top_codes=dict(Counter(c for o in outcomes for c in o.top_codes)),
        payload_codes=dict(Counter(c for o in outcomes for c in o.payload_codes)),
        kinds=dict(Counter(f"{o.op}: {o.kind}" for o in outcomes).most_common()),
        disallowed_failures=sum(1 for o in outcomes
                                if not o.acknowledged and not failure_is_allowed(o)),
        recoveries=[{"kill_at_s": r.kill_at_s, "ready_s": r.ready_s,
                     "first_ack_s": r.first_ack_s, "after_ready_s": r.after_ready_s,
                     "outage_s": r.outage_s} for r in recs],
    )
    summary.goals = goals(summary, kills, recs)
    return summary


def goals(summary: Summary, kills: Sequence[Kill], recs: Sequence[Recovery]) -> list[Goal]:
    http_500 = summary.status_counts.get("500", 0)
    transport = sum(summary.transport_errors.values())
    failures = summary.requests - summary.acknowledged
    seen = sorted(set(summary.top_codes) | set(summary.payload_codes))
    late = [r.after_ready_s for r in recs]
    recovered = bool(recs) and all(s is not None and s <= RECOVERY_GOAL_S for s in late)
    restarted = bool(kills) and all(k.ready_s is not None for k in kills)
    return [
        Goal("writes were acknowledged", "> 0", str(summary.acknowledged),
             summary.acknowledged > 0),
        Goal("acknowledged writes lost", "0", str(summary.lost), summary.lost == 0),
        Goal("HTTP 500 responses", "0", str(http_500), http_500 == 0),
        Goal("connection resets / transport errors", "0", str(transport), transport == 0),
        Goal("failures with only SERVICE_UNAVAILABLE / TIMEOUT / RATE_LIMITED",
             f"all {failures}", f"{failures - summary.disallowed_failures} "
             f"(codes seen: {', '.join(seen) or 'none'})", summary.disallowed_failures == 0),
        Goal("Neo4j killed and back", f"{len(kills)} kill(s), all restarted",
             f"{sum(k.ready_s is not None for k in kills)} restarted", restarted),
        Goal(f"first write within {RECOVERY_GOAL_S:g} s of Neo4j ready", "every kill",
             ", ".join("none" if s is None else f"{s:g} s" for s in late) or "no kill",
             recovered),
    ]


# -- the server's log ---------------------------------------------------------------

# Our reader thread prefixes each server line with "[ 12.345] " (seconds since the load).
_STAMP = re.compile(r"^\[\s*(-?\d+\.\d+)\]\s?(.*)$")
# The last line of a traceback: "package.module.SomeError: message" (or no message).
_EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Unavailable|Expired|Commit|"
                        r"Group|Timeout)\w*)(?::\s*(.*))?$")
_LOGGED = re.compile(r"^(WARNING|ERROR|CRITICAL)[: ]\s*(\S+?:)?\s*(.*)$")
_ACCESS = re.compile(r'"(?:GET|POST) (\S+) HTTP/[\d.]+" (5\d\d)')
_ACCESS_ANY = re.compile(r':(\d+) - "(?:GET|POST) \S+ HTTP/[\d.]+" (\d{3})')
_FRAME = re.compile(r'^\s+File "([^"]+)", line (\d+), in (\S+)')
_VOLATILE = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}|#[0-9A-F]{2,}|\b\d+(\.\d+)?")


def stamped(line: str) -> tuple[float | None, str]:
    match = _STAMP.match(line)
    return (float(match[1]), match[2]) if match else (None, line)


def _mask(text: str, width: int = 110) -> str:
    return _VOLATILE.sub("#", text)[:width]


def notable(text: str) -> str | None:
    """A log line worth counting (a warning, an error, a 5xx access line), with numbers
    and ids masked so that lines of one mechanism group together; else None."""
    access = _ACCESS.search(text)
    if access:
        return f"access {access[2]} {access[1]}"
    logged = _LOGGED.match(text)
    if logged:
        return f"{logged[1]} {logged[2] or ''} {_mask(logged[3])}".strip()
    return None


@dataclass
class ErrorReport:
    """One logged traceback (with its chained causes) and the log line that introduced it."""

    at_s: float | None
    index: int  # of its first line in the log
    header: str
    exceptions: list[str] = field(default_factory=list)  # innermost cause first
    frames: list[str] = field(default_factory=list)      # ours, of the outermost traceback

    @property
    def signature(self) -> str:
        """Where and what, without numbers: the same mechanism gives the same text."""
        root = self.exceptions[0] if self.exceptions else "?"
        raised = self.exceptions[-1] if self.exceptions else "?"
        cause = raised if root == raised else f"{raised} (from {root})"
        # The entry into our code says which request path failed; the last frame, where.
        frames = self.frames if len(self.frames) <= 5 else [*self.frames[:3], "...",
                                                             self.frames[-1]]
        where = " > ".join(frames) or "no frame of ours"
        return f"{_mask(self.header, 70)} :: {cause} :: {where}"


def error_reports(lines: Iterable[str], project_root: str) -> list[ErrorReport]:
    """The tracebacks in a server log, each with the project's frames of its last part."""
    reports: list[ErrorReport] = []
    current: ErrorReport | None = None
    header, in_traceback = "(no log line)", False
    for index, line in enumerate(lines):
        at, text = stamped(line)
        if text.startswith("Traceback (most recent call last)"):
            if current is None:
                current = ErrorReport(at, index, header)
                reports.append(current)
            current.frames, in_traceback = [], True
            continue
        if current is not None and in_traceback:
            frame = _FRAME.match(text)
            if frame:
                if frame[1].startswith(project_root):
                    path = frame[1][len(project_root):].lstrip("/")
                    current.frames.append(f"{path}:{frame[2]} {frame[3]}")
                continue
            exc = _EXCEPTION.match(text)
            if exc and not text.startswith(" "):
                current.exceptions.append(exc[1])
                in_traceback = False
                continue
            continue  # source lines and carets of a frame
        if current is not None and (not text.strip() or text.startswith(("The above exception",
                                                                          "During handling"))):
            continue
        if _LOGGED.match(text) or _ACCESS.search(text) or "INFO" in text[:8]:
            current = None
            if _LOGGED.match(text):
                header = text
        # else: the rest of a multi-line message or of the GraphQL request excerpt
    return reports


def log_mechanisms(lines: Sequence[str], project_root: str) -> dict[str, int]:
    """Counts of each traceback signature and each warning/error/5xx line outside them."""
    counts: Counter[str] = Counter(f"traceback: {r.signature}"
                                   for r in error_reports(lines, project_root))
    counts.update(n for n in (notable(stamped(line)[1]) for line in lines) if n)
    return dict(counts.most_common())


def reports_near(reports: Sequence[ErrorReport], started_s: float, ended_s: float,
                 limit: int = 2) -> list[str]:
    """The tracebacks logged closest to a request's end (where its failure is logged)."""
    during = [r for r in reports
              if r.at_s is not None and started_s - 0.05 <= r.at_s <= ended_s + 0.3]
    during.sort(key=lambda r: abs((r.at_s or 0.0) - ended_s))
    return [f"[{r.at_s:.3f}] {r.signature}" for r in during[:limit]]


@dataclass(frozen=True)
class Access:
    at_s: float
    index: int
    port: int
    status: int


def access_lines(lines: Sequence[str]) -> list[Access]:
    found = []
    for index, line in enumerate(lines):
        at, text = stamped(line)
        match = _ACCESS_ANY.search(text)
        if at is not None and match:
            found.append(Access(at, index, int(match[1]), int(match[2])))
    return found


def server_side(outcome: Outcome, accesses: Sequence[Access], reports: Sequence[ErrorReport]
                ) -> tuple[str, str | None]:
    """What the server logged for one request: (how it was matched, the traceback's
    signature or None).

    uvicorn logs the access line ("127.0.0.1:PORT - POST ... 500") when the response
    starts, and an unhandled exception's traceback right after it; our end of the
    connection (the port) and the status find the access line, so the match is exact.
    Without a port (no response came), the traceback nearest in time is the best guess.
    """
    if outcome.client_port is None or outcome.status is None:
        near = reports_near(reports, outcome.started_s, outcome.ended_s, limit=1)
        why = "no response" if outcome.status is None else "port unknown"
        return (f"nearest in time ({why}, so no access line)",
                near[0].split("] ", 1)[1] if near else None)
    mine = [a for a in accesses
            if a.port == outcome.client_port and a.status == outcome.status
            and outcome.started_s - 0.05 <= a.at_s <= outcome.ended_s + 0.5]
    if not mine:
        return "no access line found", None
    access = min(mine, key=lambda a: abs(a.at_s - outcome.ended_s))
    # Its traceback, if any, starts within a few lines (another request's warning may come
    # between) and before the next access line, which belongs to another response.
    window_end = min([access.index + 6,
                      *(a.index for a in accesses if a.index > access.index)])
    following = [r for r in reports if access.index < r.index < window_end]
    return ("access line", following[0].signature if following else None)


def incidents(outcomes: Sequence[Outcome], lines: Sequence[str], project_root: str
              ) -> dict[str, Any]:
    """HTTP 5xx and transport failures, each with what the server logged for it, grouped
    by what the client saw and the server's traceback.

    A transport error has no access line of its own. When it comes on the heels of the
    same worker's previous request, that request is named too: uvicorn closes a
    connection after logging an unhandled exception, and a client that reused the
    connection before the close gets no response at all.
    """
    reports = error_reports(lines, project_root)
    accesses = access_lines(lines)
    by_worker: dict[int, list[Outcome]] = {}
    for o in sorted(outcomes, key=lambda o: o.started_s):
        by_worker.setdefault(o.worker, []).append(o)
    listed, groups = [], Counter[str]()
    for o in sorted(outcomes, key=lambda o: o.started_s):
        if not (o.transport or (o.status is not None and o.status >= 500)):
            continue
        how, signature = server_side(o, accesses, reports)
        entry: dict[str, Any] = {**asdict(o), "kind": o.kind, "matched_by": how,
                                 "traceback": signature}
        key = f"{o.op}: {o.kind} <- {signature or 'no traceback'} ({how})"
        mine = by_worker[o.worker]
        before = mine[mine.index(o) - 1] if mine.index(o) > 0 else None
        if o.transport and before is not None and before.status is not None:
            prev_how, prev_signature = server_side(before, accesses, reports)
            entry["previous_request"] = {**asdict(before), "matched_by": prev_how,
                                         "traceback": prev_signature,
                                         "gap_s": round(o.started_s - before.ended_s, 3)}
            key = (f"{o.op}: {o.kind} <- the worker's previous request: HTTP "
                   f"{before.status}, {prev_signature or 'no traceback'} ({prev_how})")
        groups[key] += 1
        listed.append(entry)
    return {"count": len(listed), "groups": dict(groups.most_common()), "requests": listed[:200]}
